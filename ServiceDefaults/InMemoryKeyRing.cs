using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace FoodDelivery.ServiceDefaults;

/// <summary>
/// Data-protection keys held in memory. A service protects nothing that must outlive its process
/// (access tokens are JWTs; no cookies, no antiforgery), so keys need no file: a pod's read-only
/// root file system and a fresh machine's empty home start the same, quietly. The framework has an
/// ephemeral repository like this one, but it is internal.
/// </summary>
public sealed class InMemoryKeyRing : IXmlRepository
{
    readonly Lock gate = new();
    readonly List<XElement> elements = [];

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (gate)
        {
            return elements.Select(element => new XElement(element)).ToList();
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        lock (gate)
        {
            elements.Add(new XElement(element));
        }
    }
}
