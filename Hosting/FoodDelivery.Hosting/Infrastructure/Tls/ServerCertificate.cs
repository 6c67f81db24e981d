namespace FoodDelivery.Hosting.Infrastructure.Tls;

/// <summary>A server's certificate and key, and the CA certificate its clients verify it with (PEM files).</summary>
public sealed record ServerCertificate(string CertificateFile, string KeyFile, string CertificateAuthorityFile);
