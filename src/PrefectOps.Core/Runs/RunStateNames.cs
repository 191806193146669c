using System;
using System.Collections.Generic;
using System.Linq;
using PrefectOps.Core.Errors;

namespace PrefectOps.Core.Runs
{
    /// <summary>Prefect's state names as a user types them, and how each maps to the server's filter.</summary>
    public static class RunStateNames
    {
        /// <summary>The names -State accepts, in the order a run passes through them.</summary>
        public static readonly IReadOnlyList<string> Names = new[]
        {
            "Scheduled", "Late", "Pending", "Running", "Paused", "Cancelling", "Cancelled", "Completed", "Failed", "Crashed",
        };

        private static readonly string[] FinalTypes = { "COMPLETED", "FAILED", "CANCELLED", "CRASHED" };

        public static bool IsFinalType(string? type) => type != null && Array.IndexOf(FinalTypes, type) >= 0;

        /// <summary>
        /// Splits names into server state types and state names: every name but Late is a type of its own; Late is a
        /// SCHEDULED state named "Late", so Scheduled already includes the late runs.
        /// </summary>
        public static (IReadOnlyList<string> types, IReadOnlyList<string> names) ToFilter(IEnumerable<string>? states)
        {
            var types = new List<string>();
            var names = new List<string>();
            foreach (var raw in states ?? Enumerable.Empty<string>())
            {
                string? canonical = Names.FirstOrDefault(n => string.Equals(n, raw?.Trim(), StringComparison.OrdinalIgnoreCase));
                if (canonical == null)
                    throw new PrefectException(ErrorIds.InvalidFlowRunState, PrefectErrorKind.InvalidArgument,
                        $"-State '{raw}' is not a Prefect state. Use one of: {string.Join(", ", Names)}.");
                if (canonical == "Late") { if (!names.Contains("Late")) names.Add("Late"); }
                else
                {
                    string type = canonical.ToUpperInvariant();
                    if (!types.Contains(type)) types.Add(type);
                }
            }
            // Late within Scheduled adds nothing.
            if (types.Contains("SCHEDULED")) names.Remove("Late");
            return (types, names);
        }
    }
}
