using System.Reflection;
using k8s;
using k8s.Models;

namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

public static class KubernetesTypeMeta
{
    /// <summary>Sets <c>apiVersion</c> and <c>kind</c> from the model's own metadata (constructors leave them empty).</summary>
    public static T Typed<T>(this T item) where T : IKubernetesObject
    {
        var entity = typeof(T).GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new InvalidOperationException($"{typeof(T).Name} is not a Kubernetes entity.");
        item.ApiVersion = string.IsNullOrEmpty(entity.Group) ? entity.ApiVersion : $"{entity.Group}/{entity.ApiVersion}";
        item.Kind = entity.Kind;
        return item;
    }
}
