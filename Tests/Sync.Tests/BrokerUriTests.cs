using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FoodDelivery.Contracts;

namespace FoodDelivery.Sync.Tests;

/// <summary>
/// How a client set up from a broker connection string verifies the broker: the URI RabbitMQ.Client gets has no
/// query, and a certificate passes only if it names the host dialled and chains to the CA of <c>cacertfile</c>.
/// </summary>
public sealed class BrokerUriTests : IDisposable
{
    readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("broker-uri-");

    [Fact]
    public void The_query_names_the_CA_and_is_not_passed_on()
    {
        var (caFile, _) = Authority("ours");
        var broker = BrokerUri.Parse($"amqps://menu:secret@localhost:5671?cacertfile={caFile}");
        Assert.True(broker.IsTls);
        Assert.Equal("amqps://menu:secret@localhost:5671/", broker.Uri.AbsoluteUri);
        Assert.False(BrokerUri.Parse("amqp://menu:secret@localhost:5672").IsTls);
    }

    [Fact]
    public void A_certificate_of_the_named_CA_passes_and_one_of_another_CA_or_for_another_host_does_not()
    {
        var (caFile, ca) = Authority("ours");
        var (_, other) = Authority("theirs");
        var broker = BrokerUri.Parse($"amqps://menu:secret@localhost:5671?cacertfile={caFile}");
        using var ours = ServerCertificate(ca);
        using var theirs = ServerCertificate(other);

        // SslStream reports an untrusted root as a chain error: the CA of the URI decides instead.
        Assert.True(broker.VerifyServer(this, ours, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(broker.VerifyServer(this, theirs, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(broker.VerifyServer(this, ours, null, SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(broker.VerifyServer(this, null, null, SslPolicyErrors.RemoteCertificateNotAvailable));
    }

    [Fact]
    public void Without_a_CA_only_what_the_system_trusts_passes()
    {
        var (_, ca) = Authority("ours");
        using var certificate = ServerCertificate(ca);
        var broker = BrokerUri.Parse("amqps://menu:secret@localhost:5671");
        Assert.False(broker.VerifyServer(this, certificate, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.True(broker.VerifyServer(this, certificate, null, SslPolicyErrors.None));
    }

    (string File, X509Certificate2 Certificate) Authority(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name} CA", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var file = Path.Combine(directory.FullName, $"{name}.crt");
        File.WriteAllText(file, certificate.ExportCertificatePem());
        return (file, certificate);
    }

    static X509Certificate2 ServerCertificate(X509Certificate2 authority)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        return request.Create(authority, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1), RandomNumberGenerator.GetBytes(8));
    }

    public void Dispose() => directory.Delete(recursive: true);
}
