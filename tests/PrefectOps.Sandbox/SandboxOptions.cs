namespace PrefectOps.Sandbox
{
    public sealed class SandboxOptions
    {
        /// <summary>2 behaves as Prefect 2.19.9 (REST API 0.8.4), 3 as Prefect 3.8.</summary>
        public int PrefectMajorVersion { get; set; } = 2;

        /// <summary>null: no auth (a local server). Otherwise "Authorization: Bearer &lt;key&gt;" is required (Cloud-like).</summary>
        public string? RequiredApiKey { get; set; }

        /// <summary>null: none. Otherwise Prefect 3's PREFECT_SERVER_API_AUTH_STRING: basic auth with this `user:password`.</summary>
        public string? RequiredAuthString { get; set; }

        /// <summary>PREFECT_SERVER_CSRF_PROTECTION_ENABLED: writes need a token from GET /csrf-token.</summary>
        public bool CsrfProtection { get; set; }

        /// <summary>PREFECT_SERVER_CSRF_TOKEN_EXPIRATION (one hour by default), on the sandbox's clock.</summary>
        public System.TimeSpan CsrfTokenLifetime { get; set; } = System.TimeSpan.FromHours(1);

        /// <summary>null: plain HTTP. Otherwise HTTPS with this certificate (it must hold its private key).</summary>
        public System.Security.Cryptography.X509Certificates.X509Certificate2? Certificate { get; set; }

        /// <summary>0 picks a free port.</summary>
        public int Port { get; set; }

        /// <summary>Run the scheduler service every few seconds (the demo); tests call RunScheduler() instead.</summary>
        public bool BackgroundScheduler { get; set; }

        /// <summary>Seconds between background scheduler passes (Prefect's loop runs every 60 s; the demo is faster).</summary>
        public double BackgroundSchedulerIntervalSeconds { get; set; } = 5;

        /// <summary>Serve /_sandbox/ (faults and request counts) for tests in another process; see ControlMiddleware.</summary>
        public bool Control { get; set; }

        /// <summary>null (the default): answer at once. Otherwise latency or single-writer behaviour, see Load/.</summary>
        public PrefectOps.Sandbox.Load.LoadProfile? Load { get; set; }
    }
}
