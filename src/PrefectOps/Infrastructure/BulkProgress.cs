using System.Management.Automation;

namespace PrefectOps.Infrastructure
{
    /// <summary>
    /// The progress bar of a bulk change (pipeline thread only). It writes when the percentage moves, so a change of
    /// thousands of items costs the host at most 100 updates, and nothing at all for a single item.
    /// </summary>
    internal sealed class BulkProgress
    {
        private readonly Cmdlet _cmdlet;
        private readonly ProgressRecord _record;
        private readonly int _total;
        private int _done;
        private int _shown = -1;

        public BulkProgress(Cmdlet cmdlet, string activity, int total)
        {
            _cmdlet = cmdlet;
            _total = total;
            _record = new ProgressRecord(1, activity, $"0 of {total}");
        }

        public void Advance(string item)
        {
            _done++;
            if (_total < 2) return;
            int percent = _done * 100 / _total;
            if (percent == _shown) return;
            _shown = percent;
            _record.StatusDescription = $"{_done} of {_total}: {item}";
            _record.PercentComplete = percent;
            _cmdlet.WriteProgress(_record);
        }

        public void Complete()
        {
            if (_shown < 0) return;
            _record.RecordType = ProgressRecordType.Completed;
            _cmdlet.WriteProgress(_record);
        }
    }
}
