using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PrefectOps.Completion;
using PrefectOps.Core.Model;
using PrefectOps.Core.Services;
using PrefectOps.Core.Util;
using PrefectOps.Infrastructure;

namespace PrefectOps.Commands
{
    /// <summary>Lists the tags in use on flows, with how many flows carry each and in which state.</summary>
    [Cmdlet(VerbsCommon.Get, "FlowTag")]
    [OutputType(typeof(FlowTag))]
    public sealed class GetFlowTagCommand : PrefectCmdlet
    {
        private readonly List<string> _names = new List<string>();

        [Parameter(Position = 0, ValueFromPipeline = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(TagCompleter))]
        public string[]? Name { get; set; }

        /// <summary>The maintenance marker whose tags are counted as MaintenanceCount rather than listed.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(MarkerCompleter))]
        public string Marker { get; set; } = MaintenanceTags.DefaultMarker;

        protected override void ProcessRecord()
        {
            if (Name != null) _names.AddRange(Name);
        }

        protected override void EndProcessing()
        {
            string marker = Checked(() => MaintenanceTags.ValidateMarker(Marker));
            var tags = Run((core, ct) => new FlowCatalog(core.Backend).GetTagsAsync(marker, ct));
            // Every flow was listed: its tags are the estate's, for tab completion.
            TeachCompletion(connection => CompletionCache.LearnTags(connection, tags.Select(t => t.Name)));
            var patterns = _names.Select(n => new Wildcard(n)).ToList();
            foreach (var tag in tags)
                if (patterns.Count == 0 || patterns.Any(p => p.IsMatch(tag.Name))) WriteObject(tag);

            foreach (var exact in patterns.Where(p => !Wildcard.ContainsWildcard(p.Pattern) && !tags.Any(t => p.IsMatch(t.Name))))
                WriteWarning($"No flow has the tag '{exact.Pattern}'.");
            base.EndProcessing();
        }
    }
}
