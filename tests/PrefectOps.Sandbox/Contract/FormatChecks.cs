using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace PrefectOps.Sandbox.Contract
{
    /// <summary>
    /// String formats the server checks. Each accepts what both pydantic v1 (2.x server) and v2 (3.x server) accept,
    /// and no more, so that a value passing here passes on either server.
    /// </summary>
    public static class FormatChecks
    {
        // uuid: hyphenated, 32 hex digits, braced, or urn:uuid: prefixed (Python's UUID() and pydantic v2 both take these).
        private static readonly Regex Uuid = new Regex(
            @"^(?:urn:uuid:)?(?:\{[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\}|[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12})$",
            RegexOptions.CultureInvariant);

        // ISO 8601 date and time, 'T' or space between them, seconds and fraction optional, Z or an offset or nothing
        // (naive: pydantic accepts it and Prefect assumes UTC or the schedule's timezone). Date-only strings and unix
        // timestamps are accepted by pendulum/pydantic too, but deliberately not here.
        private static readonly Regex DateTime = new Regex(
            @"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:[Zz]|[+-](\d{2})(?::?(\d{2}))?)?$",
            RegexOptions.CultureInvariant);

        public static bool IsUuid(string value) => Uuid.IsMatch(value);

        public static bool IsDateTime(string value)
        {
            var m = DateTime.Match(value);
            if (!m.Success) return false;
            int G(int i) => m.Groups[i].Success ? int.Parse(m.Groups[i].Value, CultureInfo.InvariantCulture) : 0;
            var (year, month, day) = (G(1), G(2), G(3));
            if (year < 1 || month < 1 || month > 12 || day < 1 || day > System.DateTime.DaysInMonth(year, month)) return false;
            return G(4) < 24 && G(5) < 60 && G(6) < 60 && G(7) < 24 && G(8) < 60;
        }

        /// <summary>Null when the value fits the format (or the format is not checked), else what is wrong.</summary>
        public static string? Check(string format, string value) => format switch
        {
            "uuid" => IsUuid(value) ? null : "is not a valid uuid",
            "date-time" => IsDateTime(value) ? null : "is not a valid ISO 8601 date-time",
            _ => null,
        };
    }
}
