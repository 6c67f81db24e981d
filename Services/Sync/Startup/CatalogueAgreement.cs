using FoodDelivery.Contracts;
using FoodDelivery.Sync.Registration;

namespace FoodDelivery.Sync.Startup;

/// <summary>
/// Start-up check that a service's registrations say what <see cref="ServiceCatalogue"/> says of it: the
/// broker's topology and permissions are generated from the catalogue, so a <c>Publishes&lt;&gt;</c> it does not
/// list would be refused by the broker, and a <c>Replicates&lt;&gt;</c> it does not list would never be delivered.
/// </summary>
internal static class CatalogueAgreement
{
    public static void Check(SyncRegistrations registrations, string serviceName)
    {
        var entry = ServiceCatalogue.Find(serviceName)
            ?? throw new InvalidOperationException(
                $"Sync:ServiceName '{serviceName}' is not in ServiceCatalogue; use one of {string.Join(", ", ServiceCatalogue.Services.Select(s => s.Name))}.");
        Same("publishes", entry.Publishes, registrations.Publications.Values.Select(publication => publication.EventType));
        Same("replicates", entry.Replicates, registrations.Subscriptions.Keys);

        void Same(string what, IEnumerable<string> catalogued, IEnumerable<string> registered)
        {
            var expected = catalogued.Order(StringComparer.Ordinal).ToList();
            var actual = registered.Order(StringComparer.Ordinal).ToList();
            if (!expected.SequenceEqual(actual, StringComparer.Ordinal))
            {
                throw new InvalidOperationException(
                    $"{serviceName} {what} [{string.Join(", ", actual)}], but ServiceCatalogue says [{string.Join(", ", expected)}]: " +
                    "change both together (the broker's bindings and permissions come from the catalogue).");
            }
        }
    }
}
