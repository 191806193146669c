using System.Collections.Generic;
using System.Linq;
using PrefectOps.Core.Model;
using PrefectOps.Core.Util;

namespace PrefectOps.Core.Services
{
    /// <summary>
    /// -Name / -ExcludeName for flows. A pattern matches the full name ("flow/deployment"), the deployment's name or
    /// the flow's name, so `nightly-*` finds "etl-flow/nightly-etl".
    /// </summary>
    public sealed class NameFilter
    {
        private readonly List<Wildcard> _include;
        private readonly List<Wildcard> _exclude;

        public NameFilter(IEnumerable<string>? include, IEnumerable<string>? exclude)
        {
            _include = (include ?? Enumerable.Empty<string>()).Where(p => !string.IsNullOrEmpty(p)).Select(p => new Wildcard(p)).ToList();
            _exclude = (exclude ?? Enumerable.Empty<string>()).Where(p => !string.IsNullOrEmpty(p)).Select(p => new Wildcard(p)).ToList();
        }

        public bool IsEmpty => _include.Count == 0 && _exclude.Count == 0;

        public bool Matches(Flow flow) =>
            (_include.Count == 0 || _include.Any(w => Hits(w, flow))) && !_exclude.Any(w => Hits(w, flow));

        private static bool Hits(Wildcard w, Flow flow) =>
            w.IsMatch(flow.Name) || w.IsMatch(flow.DeploymentName) || w.IsMatch(flow.FlowName);
    }
}
