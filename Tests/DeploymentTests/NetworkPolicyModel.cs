using k8s.Models;

namespace FoodDelivery.DeploymentTests;

/// <summary>
/// NetworkPolicy semantics, enough to ask "may this pod open that port on that pod": a pod selected by
/// no policy of a direction is open in it; a selected one allows only what some rule of a selecting
/// policy allows, and traffic needs both the source's egress and the target's ingress.
/// </summary>
public sealed class NetworkPolicyModel(IReadOnlyList<V1NetworkPolicy> policies, string policyNamespace)
{
    public sealed record Pod(string Namespace, IDictionary<string, string> Labels, IDictionary<string, string>? NamespaceLabels = null)
    {
        public IDictionary<string, string> EffectiveNamespaceLabels =>
            NamespaceLabels ?? new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = Namespace };
    }

    public bool Allows(Pod source, Pod target, int port, string protocol = "TCP") =>
        Permits(source, target, port, protocol, "Egress") && Permits(target, source, port, protocol, "Ingress");

    bool Permits(Pod subject, Pod other, int port, string protocol, string direction)
    {
        if (subject.Namespace != policyNamespace)
        {
            return true; // outside the namespace the policies apply to
        }
        var selecting = policies.Where(p => (p.Spec.PolicyTypes ?? ["Ingress"]).Contains(direction) && Matches(p.Spec.PodSelector, subject.Labels)).ToList();
        if (selecting.Count == 0)
        {
            return true;
        }
        return selecting.Any(policy => direction == "Ingress"
            ? (policy.Spec.Ingress ?? []).Any(rule => PeersMatch(rule.FromProperty, other) && PortsMatch(rule.Ports, port, protocol))
            : (policy.Spec.Egress ?? []).Any(rule => PeersMatch(rule.To, other) && PortsMatch(rule.Ports, port, protocol)));
    }

    bool PeersMatch(IList<V1NetworkPolicyPeer>? peers, Pod other) =>
        peers is null || peers.Count == 0 || peers.Any(peer => peer.IpBlock is null && (peer.NamespaceSelector is null
            ? other.Namespace == policyNamespace && Matches(peer.PodSelector, other.Labels)
            : Matches(peer.NamespaceSelector, other.EffectiveNamespaceLabels) && (peer.PodSelector is null || Matches(peer.PodSelector, other.Labels))));

    static bool PortsMatch(IList<V1NetworkPolicyPort>? ports, int port, string protocol) =>
        ports is null || ports.Count == 0 || ports.Any(p => (p.Protocol ?? "TCP") == protocol && (p.Port is null || p.Port.Value == port.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    static bool Matches(V1LabelSelector? selector, IDictionary<string, string> labels)
    {
        if (selector is null)
        {
            return true;
        }
        if (selector.MatchExpressions is { Count: > 0 })
        {
            throw new NotSupportedException("matchExpressions are not modelled; the generator does not write them.");
        }
        return (selector.MatchLabels ?? new Dictionary<string, string>()).All(l => labels.TryGetValue(l.Key, out var value) && value == l.Value);
    }
}
