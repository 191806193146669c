using System;

namespace PrefectOps.Core.Model
{
    /// <summary>
    /// Who opened a maintenance window, as the marker records it: the account and the machine, nothing more
    /// personal. The cmdlet reads them from the environment and hands them in, so this stays a plain function.
    /// </summary>
    public static class MaintenanceOperator
    {
        /// <summary>
        /// "CONTOSO\jdoe@HOST" for a domain account, "jdoe@HOST" for a local one. A local account's "domain" is the
        /// machine itself (Windows), and .NET on Linux and macOS reports the host name there too, so that is left out.
        /// </summary>
        public static string Describe(string? domain, string user, string? machine)
        {
            if (string.IsNullOrWhiteSpace(user)) throw new ArgumentException("An account name is needed.", nameof(user));
            string account = user.Trim();
            string? d = string.IsNullOrWhiteSpace(domain) ? null : domain!.Trim();
            string? m = string.IsNullOrWhiteSpace(machine) ? null : machine!.Trim();
            if (d != null && !string.Equals(d, m, StringComparison.OrdinalIgnoreCase)) account = d + "\\" + account;
            return m != null ? account + "@" + m : account;
        }
    }
}
