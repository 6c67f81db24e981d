using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Web;

namespace FoodDelivery.Contracts;

/// <summary>
/// An AMQP connection string as the AppHost hands it out: <c>amqps://user:password@host:port?cacertfile=/path/ca.crt</c>,
/// where <c>cacertfile</c> (RabbitMQ's own URI query parameter) names the CA that signed the broker's certificate.
/// RabbitMQ.Client reads the URI but not that parameter, and for <c>amqps</c> it accepts a certificate issued to another
/// host; <see cref="VerifyServer"/> checks both, so a client set up with it talks only to the broker the CA vouches for.
/// </summary>
public sealed class BrokerUri
{
    const string CertificateAuthorityParameter = "cacertfile";

    readonly X509Certificate2Collection? authority;

    BrokerUri(Uri uri, X509Certificate2Collection? authority)
    {
        Uri = uri;
        this.authority = authority;
    }

    /// <summary>The URI without its query, as RabbitMQ.Client's <c>ConnectionFactory.Uri</c> takes it.</summary>
    public Uri Uri { get; }

    public bool IsTls => Uri.Scheme == "amqps";

    public static BrokerUri Parse(string connectionString)
    {
        var uri = new Uri(connectionString);
        var caFile = HttpUtility.ParseQueryString(uri.Query)[CertificateAuthorityParameter];
        X509Certificate2Collection? authority = null;
        if (!string.IsNullOrEmpty(caFile))
        {
            authority = [];
            authority.ImportFromPemFile(caFile);
            if (authority.Count == 0)
            {
                throw new InvalidOperationException($"The broker's CA file {caFile} holds no certificate.");
            }
        }
        return new BrokerUri(new UriBuilder(uri) { Query = "" }.Uri, authority);
    }

    /// <summary>
    /// A certificate validation callback: the broker's certificate must name the host dialled and chain to the CA of
    /// <c>cacertfile</c> (without one, to the system's trusted roots).
    /// </summary>
    public bool VerifyServer(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }
        if (authority is null)
        {
            return errors == SslPolicyErrors.None;
        }
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(authority);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }
        using var presented = new X509Certificate2(certificate);
        return custom.Build(presented);
    }
}
