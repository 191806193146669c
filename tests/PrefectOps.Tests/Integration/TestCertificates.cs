using System;
using System.IO;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace PrefectOps.Tests.Integration
{
    /// <summary>A company CA and a server certificate it signed for 127.0.0.1, made fresh for a test run.</summary>
    public sealed class TestCertificates : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "prefectops-certs-" + Guid.NewGuid().ToString("N"));

        public TestCertificates()
        {
            Directory.CreateDirectory(_folder);
            using var caKey = RSA.Create(2048);
            var caRequest = new CertificateRequest("CN=PrefectOps Test Company CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            Authority = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

            using var serverKey = RSA.Create(2048);
            var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            serverRequest.CertificateExtensions.Add(names.Build());
            serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
            using var signed = serverRequest.Create(Authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), new byte[] { 1, 2, 3, 4 });
            // Kestrel needs the key in an exportable form on every platform: round-trip through PFX.
            Server = X509CertificateLoader.LoadPkcs12(signed.CopyWithPrivateKey(serverKey).Export(X509ContentType.Pfx), null);

            AuthorityPem = Write("company-ca.pem", Pem(Authority));
            using var otherKey = RSA.Create(2048);
            var other = new CertificateRequest("CN=Some Other CA", otherKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            OtherAuthorityPem = Write("other-ca.pem", Pem(other));
            NotACertificate = Write("not-a-cert.pem", "hello\n");
        }

        public X509Certificate2 Authority { get; }
        public X509Certificate2 Server { get; }
        public string AuthorityPem { get; }
        public string OtherAuthorityPem { get; }
        public string NotACertificate { get; }

        private static string Pem(X509Certificate2 certificate) =>
            "-----BEGIN CERTIFICATE-----\n" + Convert.ToBase64String(certificate.RawData, Base64FormattingOptions.InsertLineBreaks) + "\n-----END CERTIFICATE-----\n";

        private string Write(string name, string text)
        {
            string path = Path.Combine(_folder, name);
            File.WriteAllText(path, text, Encoding.ASCII);
            return path;
        }

        public void Dispose()
        {
            Authority.Dispose();
            Server.Dispose();
            Directory.Delete(_folder, recursive: true);
        }
    }
}
