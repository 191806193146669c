using System.Collections.Generic;

namespace PrefectOps.Core.Connection
{
    /// <summary>
    /// The settings a user gave Connect-Prefect as parameters; each one given wins over the environment and the profile.
    /// Null means "not given".
    /// </summary>
    public sealed class ConnectionOverrides
    {
        public string? ApiUrl { get; set; }
        public ApiKey? ApiKey { get; set; }
        public AuthString? AuthString { get; set; }
        public IDictionary<string, string>? Headers { get; set; }
        public string? CertificateFile { get; set; }
        public bool? SkipCertificateCheck { get; set; }
        public double? TimeoutSeconds { get; set; }
        public int? MaxAttempts { get; set; }
    }
}
