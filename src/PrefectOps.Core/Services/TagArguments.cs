using System;
using System.Collections.Generic;
using System.Linq;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Util;

namespace PrefectOps.Core.Services
{
    /// <summary>Checks tags that must match exactly (the server's `all_` filter has no wildcards) before any request.</summary>
    public static class TagArguments
    {
        public static IReadOnlyList<string> RequireExact(IEnumerable<string>? tags, string parameterName = "Tag")
        {
            var list = new List<string>();
            foreach (var raw in tags ?? Enumerable.Empty<string>())
            {
                if (string.IsNullOrWhiteSpace(raw))
                    throw new PrefectException(ErrorIds.InvalidTag, PrefectErrorKind.InvalidArgument,
                        $"-{parameterName} cannot be empty or white space.");
                if (Wildcard.ContainsWildcard(raw))
                    throw new PrefectException(ErrorIds.InvalidTag, PrefectErrorKind.InvalidArgument,
                        $"-{parameterName} '{raw}' contains a wildcard, but tags are matched exactly here. Use Get-FlowTag -Name '{raw}' to find the tags, then pass them by name.");
                if (!list.Contains(raw, StringComparer.Ordinal)) list.Add(raw);
            }
            return list;
        }
    }
}
