namespace PrefectOps.Core.Http
{
    /// <summary>
    /// Where the core reports what it does. Implementations must be thread-safe: the core calls them from worker
    /// threads, and the cmdlet layer forwards them to Write-Verbose/Write-Debug on the pipeline thread.
    /// </summary>
    public interface IOperationLog
    {
        void Verbose(string message);
        void Debug(string message);
        void Warning(string message);
    }

    public sealed class NullOperationLog : IOperationLog
    {
        public static readonly NullOperationLog Instance = new NullOperationLog();
        public void Verbose(string message) { }
        public void Debug(string message) { }
        public void Warning(string message) { }
    }
}
