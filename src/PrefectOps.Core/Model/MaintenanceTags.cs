using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using PrefectOps.Core.Errors;

namespace PrefectOps.Core.Model
{
    /// <summary>
    /// How a maintenance window is written into a deployment's tags: the marker itself (e.g. `MAINTENANCE`) plus
    /// `MAINTENANCE:since=2026-11-22T02:00:00Z`, `MAINTENANCE:until=…`, `MAINTENANCE:reason=…` and `MAINTENANCE:by=…`. Tags, because the
    /// pause and the marker then travel in one PATCH (nothing half-done) and Prefect's UI shows them.
    /// </summary>
    public static class MaintenanceTags
    {
        public const string DefaultMarker = "MAINTENANCE";
        private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";
        private static readonly Regex MarkerShape = new Regex("^[A-Za-z0-9][A-Za-z0-9_.-]*$", RegexOptions.CultureInvariant);

        public static string ValidateMarker(string? marker)
        {
            string m = marker?.Trim() ?? "";
            if (!MarkerShape.IsMatch(m))
                throw new PrefectException(ErrorIds.InvalidMarker, PrefectErrorKind.InvalidArgument,
                    $"'{marker}' cannot be a maintenance marker: use letters, digits, '-', '_' or '.', starting with a letter or digit (no spaces, ':' or wildcards).");
            return m;
        }

        /// <summary>The marker or one of its window tags.</summary>
        public static bool IsMaintenanceTag(string tag, string marker) =>
            string.Equals(tag, marker, StringComparison.Ordinal) || tag.StartsWith(marker + ":", StringComparison.Ordinal);

        public static IEnumerable<string> Encode(MaintenanceWindow window)
        {
            yield return window.Marker;
            if (window.Since.HasValue)
                yield return $"{window.Marker}:since={window.Since.Value.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture)}";
            if (window.Until.HasValue)
                yield return $"{window.Marker}:until={window.Until.Value.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture)}";
            if (window.Reason != null)
                yield return $"{window.Marker}:reason={window.Reason}";
            if (window.By != null)
                yield return $"{window.Marker}:by={window.By}";
        }

        /// <summary>The window these tags describe, or null when the marker itself is absent.</summary>
        public static MaintenanceWindow? Decode(IEnumerable<string> tags, string marker)
        {
            bool marked = false;
            DateTimeOffset? since = null, until = null;
            string? reason = null, by = null;
            string prefix = marker + ":";
            foreach (string tag in tags)
            {
                if (string.Equals(tag, marker, StringComparison.Ordinal)) { marked = true; continue; }
                if (!tag.StartsWith(prefix, StringComparison.Ordinal)) continue;
                string rest = tag.Substring(prefix.Length);
                int eq = rest.IndexOf('=');
                if (eq < 0) continue;
                string key = rest.Substring(0, eq), value = rest.Substring(eq + 1);
                switch (key)
                {
                    case "since": since = ParseTime(value) ?? since; break;
                    case "until": until = ParseTime(value) ?? until; break;
                    case "reason": reason = value; break;
                    case "by": by = value; break;
                }
            }
            if (!marked) return null;
            // A marker without a readable start (set by hand in the UI, say) still counts; catch-up then has no window.
            return new MaintenanceWindow(marker, since, until, reason, by);
        }

        /// <summary>The tags with the marker and its window tags taken out, order kept.</summary>
        public static List<string> Without(IEnumerable<string> tags, string marker) =>
            tags.Where(t => !IsMaintenanceTag(t, marker)).ToList();

        /// <summary>The tags with this window's tags replacing any maintenance tags of the same marker.</summary>
        public static List<string> With(IEnumerable<string> tags, MaintenanceWindow window)
        {
            var result = Without(tags, window.Marker);
            result.AddRange(Encode(window));
            return result;
        }

        private static DateTimeOffset? ParseTime(string value) =>
            DateTimeOffset.TryParseExact(value, TimeFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : (DateTimeOffset?)null;
    }
}
