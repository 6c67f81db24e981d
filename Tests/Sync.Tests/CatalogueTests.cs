using FoodDelivery.Contracts;
using FoodDelivery.Sync.OwnedEntities;
using FoodDelivery.Sync.Registration;
using FoodDelivery.Sync.Replicas;
using FoodDelivery.Sync.Startup;

namespace FoodDelivery.Sync.Tests;

/// <summary>The catalogue the broker's topology is generated from, and the start-up check that a service agrees with it.</summary>
public sealed class CatalogueTests
{
    [Fact]
    public void Every_contract_has_exactly_one_owner_and_every_replicated_type_an_owner()
    {
        var contracts = typeof(IChangeEvent).Assembly.GetTypes()
            .Where(type => type.IsClass && typeof(IChangeEvent).IsAssignableFrom(type)).Select(type => type.Name);
        Assert.All(contracts, contract => Assert.NotNull(ServiceCatalogue.OwnerOf(contract)));
        var published = ServiceCatalogue.Services.SelectMany(service => service.Publishes).ToList();
        Assert.Equal(published.Count, published.Distinct().Count());
        Assert.All(ServiceCatalogue.Services.SelectMany(service => service.Replicates), type => Assert.NotNull(ServiceCatalogue.OwnerOf(type)));
    }

    [Fact]
    public void A_service_replicates_only_from_other_owners_so_its_own_events_never_come_back_to_it() =>
        Assert.All(ServiceCatalogue.Services, service => Assert.DoesNotContain(service.Name, service.ReplicatedOwners));

    [Fact]
    public void Registrations_that_match_the_catalogue_pass() =>
        CatalogueAgreement.Check(new SyncRegistrations().Replicates<AccountChanged, AccountRow>().Replicates<RestaurantChanged, RestaurantRow>()
            .Publishes<MenuItemRow, MenuItemChanged>(_ => throw new NotSupportedException()), "menu");

    [Fact]
    public void A_replica_the_catalogue_does_not_list_fails_start_up_naming_both_sides()
    {
        var registrations = new SyncRegistrations().Replicates<AccountChanged, AccountRow>().Replicates<RestaurantChanged, RestaurantRow>().Replicates<OrderChanged, OrderRow>()
            .Publishes<MenuItemRow, MenuItemChanged>(_ => throw new NotSupportedException());
        var failure = Assert.Throws<InvalidOperationException>(() => CatalogueAgreement.Check(registrations, "menu"));
        Assert.Contains("menu replicates [AccountChanged, OrderChanged, RestaurantChanged], but ServiceCatalogue says [AccountChanged, RestaurantChanged]", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_service_name_fails_start_up() =>
        Assert.Contains("is not in ServiceCatalogue", Assert.Throws<InvalidOperationException>(() => CatalogueAgreement.Check(new SyncRegistrations(), "kitchen")).Message,
            StringComparison.Ordinal);

    sealed class AccountRow : IReplica
    {
        public Guid Id { get; init; }

        public long Version { get; set; }

        public bool Deleted { get; set; }
    }

    sealed class RestaurantRow : IReplica
    {
        public Guid Id { get; init; }

        public long Version { get; set; }

        public bool Deleted { get; set; }
    }

    sealed class MenuItemRow : IOwnedEntity
    {
        public Guid Id { get; init; }

        public long Version { get; set; }

        public bool Deleted { get; set; }

        public string HomeCluster { get; set; } = "";

        public Guid RestaurantId { get; set; }

        public string Name { get; set; } = "";

        public long PriceMinor { get; set; }

        public string Currency { get; set; } = "";

        public bool Available { get; set; }
    }

    sealed class OrderRow : IReplica
    {
        public Guid Id { get; init; }

        public long Version { get; set; }

        public bool Deleted { get; set; }
    }
}
