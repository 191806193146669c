using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Http;

namespace PrefectOps.Core.Connection
{
    /// <summary>
    /// Takes each setting from the parameter, else the environment or profile (<see cref="SettingLookup"/>), else its
    /// default, and notes where it came from (<see cref="Origins"/>).
    /// </summary>
    internal sealed class SettingsReader
    {
        private const string NotTakenForOtherServer = "not taken: -ApiUrl names another server";
        private readonly List<SettingOrigin> _origins = new List<SettingOrigin>();

        public SettingsReader(SettingLookup lookup) => Lookup = lookup;

        public SettingLookup Lookup { get; }
        public IReadOnlyList<SettingOrigin> Origins => _origins;

        public void Given(string name, string shown, string parameter) =>
            _origins.Add(new SettingOrigin(name, shown, ConnectionSource.Explicit, parameter));

        public void Show(string name, RawSetting? raw, string shown, string defaultFrom) =>
            _origins.Add(raw?.Origin(shown) ?? new SettingOrigin(name, shown, ConnectionSource.Default, defaultFrom));

        public T? Secret<T>(string name, T? given, string parameter, bool sameServer, Func<string, T> create) where T : Secret
        {
            if (given != null)
            {
                Given(name, "(set)", parameter);
                return given;
            }
            var raw = Lookup.Find(name);
            if (raw != null && !sameServer)
            {
                _origins.Add(new SettingOrigin(name, "(not sent)", raw.Source, $"{raw.From}, {NotTakenForOtherServer}"));
                return null;
            }
            Show(name, raw, raw == null ? "(none)" : "(set)", "default");
            return raw == null ? null : create(SettingParser.Text(raw));
        }

        /// <summary>The HTTP behaviour: headers, TLS, timeout, retries, CSRF.</summary>
        public HttpOptions Http(ConnectionOverrides given, bool sameServer)
        {
            var http = new HttpOptions();
            var defaults = new HttpOptions();

            var headers = Take<IDictionary<string, string>>(SettingNames.CustomHeaders, given.Headers, "-Headers", SettingParser.Headers,
                new Dictionary<string, string>(), h => h!.Count == 0 ? "(none)" : string.Join(", ", h.Keys), lookup: sameServer);
            foreach (var header in headers!) http.ExtraHeaders[header.Key] = header.Value;

            http.CsrfSupport = Take<bool?>(SettingNames.CsrfSupportEnabled, null, "", r => SettingParser.Bool(r), defaults.CsrfSupport, Flag)!.Value;
            http.SkipCertificateCheck = Take<bool?>(SettingNames.TlsInsecureSkipVerify, given.SkipCertificateCheck, "-SkipCertificateCheck",
                r => SettingParser.Bool(r), false, Flag)!.Value;
            string? certificateFile = Take<string>(SettingNames.SslCertFile, given.CertificateFile, "-CertificateFile", SettingParser.Text,
                null, f => f ?? "(none: the system's trust store)", Lookup.FindDefault(SettingNames.SslCertFile, SettingNames.SystemSslCertFile));
            if (certificateFile != null && !http.SkipCertificateCheck) http.TrustedCertificates = LoadBundle(certificateFile);

            http.RequestTimeout = TimeSpan.FromSeconds(Take<double?>(SettingNames.RequestTimeout, given.TimeoutSeconds, "-TimeoutSeconds",
                r => SettingParser.Number(r, 0, minIncluded: false, "a number of seconds above 0"),
                defaults.RequestTimeout.TotalSeconds, s => $"{s!.Value.ToString("0.###", CultureInfo.InvariantCulture)} s")!.Value);
            http.MaxAttempts = Take<int?>(SettingNames.MaxRetries, given.MaxAttempts, "-MaxAttempts",
                r => SettingParser.Integer(r, 0, "a whole number of retries, 0 or more") + 1,
                defaults.MaxAttempts, a => $"{a - 1} retries ({a} attempts)")!.Value;
            http.RetryExtraCodes = Take<ISet<int>>(SettingNames.RetryExtraCodes, null, "", SettingParser.StatusCodes, defaults.RetryExtraCodes,
                c => c!.Count == 0 ? "(none)" : string.Join(",", c.OrderBy(x => x)))!;
            http.JitterFactor = Take<double?>(SettingNames.RetryJitterFactor, null, "", r => (double?)SettingParser.Number(r, 0, minIncluded: true, "a number, 0 or more"),
                null, j => j?.ToString("0.###", CultureInfo.InvariantCulture) ?? "(PrefectOps' own: [cap/2, cap])");
            return http;
        }

        /// <summary>
        /// One setting: the parameter when given, else the environment or profile (when <paramref name="lookup"/>), else
        /// <paramref name="fallbackRaw"/> (a default from elsewhere), else <paramref name="fallback"/>.
        /// </summary>
        private T? Take<T>(string name, T? given, string parameter, Func<RawSetting, T> parse, T? fallback, Func<T?, string> show,
            RawSetting? fallbackRaw = null, bool lookup = true)
        {
            if (given != null)
            {
                Given(name, show(given), parameter);
                return given;
            }
            var raw = Lookup.Find(name);
            if (raw != null && !lookup)
            {
                _origins.Add(new SettingOrigin(name, "(not sent)", raw.Source, $"{raw.From}, {NotTakenForOtherServer}"));
                return fallback;
            }
            raw ??= fallbackRaw;
            T? value = raw == null ? fallback : parse(raw);
            Show(name, raw, show(value), "default");
            return value;
        }

        private static string Flag(bool? value) => value == true ? "true" : "false";

        private System.Security.Cryptography.X509Certificates.X509Certificate2Collection LoadBundle(string path)
        {
            try
            {
                return CertificateTrust.LoadBundle(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is CryptographicException || ex is FormatException || ex is InvalidDataException)
            {
                var origin = _origins.Last(o => o.Name == SettingNames.SslCertFile);
                throw new PrefectException(ErrorIds.InvalidSetting, PrefectErrorKind.InvalidArgument,
                    $"{SettingNames.SslCertFile} from {origin.From} names '{path}', which cannot be read as a CA bundle ({ex.Message}).", ex);
            }
        }
    }
}
