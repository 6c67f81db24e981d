using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FoodDelivery.Hosting.Infrastructure.Tls;

/// <summary>
/// Local mode's certificate authority: a CA and a server certificate per server (the broker, PostgreSQL), kept in
/// <c>tls/</c> of the data directory, so every connection a service makes is TLS with the server verified, as in
/// Kubernetes (where cert-manager issues them). Made at the first start and kept; a server certificate is made again
/// when it nears its end or no longer chains to the CA. Written by hand because no Aspire integration issues
/// certificates for executables, and .NET's <see cref="CertificateRequest"/> does the whole job without OpenSSL.
/// </summary>
public sealed class LocalCertificateAuthority
{
    const string CertificateAuthorityName = "ca";
    static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    readonly string directory;
    readonly Lock writing = new();

    LocalCertificateAuthority(string directory) => this.directory = directory;

    /// <summary>The CA's certificate (PEM), which clients trust to verify a server.</summary>
    public string CertificateFile => Path.Combine(directory, $"{CertificateAuthorityName}.crt");

    public static LocalCertificateAuthority In(string dataDirectory)
    {
        var directory = Path.Combine(dataDirectory, "tls");
        Directory.CreateDirectory(directory);
        if (!OperatingSystem.IsWindows())
        {
            // Searchable by the postgres user (local mode as root runs PostgreSQL as postgres), the keys themselves 0600.
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
        return new LocalCertificateAuthority(directory);
    }

    /// <summary>The certificate and key files of <paramref name="server"/>, issued for <c>localhost</c>, where local servers listen.</summary>
    public ServerCertificate IssueFor(string server)
    {
        var certificateFile = Path.Combine(directory, $"{server}.crt");
        var keyFile = Path.Combine(directory, $"{server}.key");
        lock (writing)
        {
            using var authority = LoadOrCreateAuthority();
            if (!IsCurrent(certificateFile, authority))
            {
                using var key = RSA.Create(2048);
                var request = new CertificateRequest($"CN={server}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                var names = new SubjectAlternativeNameBuilder();
                names.AddDnsName("localhost");
                names.AddIpAddress(IPAddress.Loopback);
                names.AddIpAddress(IPAddress.IPv6Loopback);
                request.CertificateExtensions.Add(names.Build());
                request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
                request.CertificateExtensions.Add(new X509KeyUsageExtension(
                    X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
                request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
                request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
                request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
                var now = DateTimeOffset.UtcNow;
                using var certificate = request.Create(authority, now.AddMinutes(-5), now.AddYears(1), RandomNumberGenerator.GetBytes(16));
                WriteSecret(keyFile, key.ExportPkcs8PrivateKeyPem());
                File.WriteAllText(certificateFile, certificate.ExportCertificatePem());
            }
        }
        return new ServerCertificate(certificateFile, keyFile, CertificateFile);
    }

    X509Certificate2 LoadOrCreateAuthority()
    {
        var keyFile = Path.Combine(directory, $"{CertificateAuthorityName}.key");
        if (File.Exists(CertificateFile) && File.Exists(keyFile))
        {
            var existing = X509Certificate2.CreateFromPemFile(CertificateFile, keyFile);
            if (existing.NotAfter - DateTime.Now > RenewBefore)
            {
                return existing;
            }
            existing.Dispose();
        }
        using var key = RSA.Create(3072);
        var request = new CertificateRequest("CN=FoodDelivery local CA", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
        WriteSecret(keyFile, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(CertificateFile, created.ExportCertificatePem());
        return X509Certificate2.CreateFromPemFile(CertificateFile, keyFile);
    }

    static bool IsCurrent(string certificateFile, X509Certificate2 authority)
    {
        if (!File.Exists(certificateFile))
        {
            return false;
        }
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certificateFile));
        if (certificate.NotAfter - DateTime.Now <= RenewBefore)
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    static void WriteSecret(string file, string pem)
    {
        File.Delete(file);
        using var stream = OperatingSystem.IsWindows()
            ? new FileStream(file, FileMode.CreateNew)
            : new FileStream(file, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        using var writer = new StreamWriter(stream);
        writer.Write(pem);
    }
}
