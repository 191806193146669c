using System;
using System.IO;
using System.Linq;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace PrefectOps.Core.Http
{
    /// <summary>
    /// PREFECT_API_SSL_CERT_FILE: a CA bundle that replaces the system's trust store for one connection, as Prefect's
    /// client uses it (`ssl.create_default_context(cafile=...)` trusts the file and nothing else). Written against
    /// netstandard2.0 APIs only (no CustomTrustStore, no PEM helpers), so .NET Framework's HttpClientHandler can use it.
    /// </summary>
    internal static class CertificateTrust
    {
        private static readonly Regex PemBlock = new Regex("-----BEGIN CERTIFICATE-----(?<body>.*?)-----END CERTIFICATE-----",
            RegexOptions.Singleline | RegexOptions.CultureInvariant);

        /// <summary>Every certificate in a PEM bundle, or the one certificate of a DER file.</summary>
        /// <exception cref="InvalidDataException">The file holds no certificate.</exception>
        public static X509Certificate2Collection LoadBundle(string path)
        {
            byte[] bytes = File.ReadAllBytes(path);
            var certificates = new X509Certificate2Collection();
            string text = System.Text.Encoding.ASCII.GetString(bytes);
            foreach (Match block in PemBlock.Matches(text))
            {
                string base64 = Regex.Replace(block.Groups["body"].Value, @"\s", "");
                certificates.Add(new X509Certificate2(Convert.FromBase64String(base64)));
            }
            if (certificates.Count == 0 && bytes.Length > 0 && bytes[0] == 0x30) certificates.Add(new X509Certificate2(bytes)); // DER
            if (certificates.Count == 0) throw new InvalidDataException("it holds no PEM or DER certificate");
            return certificates;
        }

        /// <summary>
        /// Accepts the server's certificate when its name matches and its chain, built with the bundle and the
        /// certificates the server sent, is valid and reaches a certificate of the bundle (which may be an intermediate CA).
        /// </summary>
        public static bool Validate(X509Certificate2? certificate, X509Chain? serverChain, SslPolicyErrors errors, X509Certificate2Collection trusted)
        {
            if (certificate == null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
                return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck; // Python's default context checks no revocation either
            chain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
            chain.ChainPolicy.ExtraStore.AddRange(trusted);
            if (serverChain != null)
                foreach (var element in serverChain.ChainElements) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            chain.Build(certificate);

            const X509ChainStatusFlags Tolerated = X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain;
            bool anchored = false;
            foreach (var element in chain.ChainElements)
            {
                if (element.ChainElementStatus.Any(s => (s.Status & ~Tolerated) != X509ChainStatusFlags.NoError)) return false;
                if (trusted.Cast<X509Certificate2>().Any(t => t.RawData.SequenceEqual(element.Certificate.RawData))) anchored = true;
            }
            return anchored;
        }
    }
}
