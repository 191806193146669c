using System;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Http;

namespace PrefectOps.Infrastructure
{
    /// <summary>
    /// What core work may use, taken from PowerShell on the pipeline thread before the work starts: the session's
    /// connection and this command invocation's log. Core work gets it as an argument and never looks back into the cmdlet.
    /// </summary>
    internal sealed class CoreContext
    {
        public CoreContext(PrefectConnection connection, IOperationLog log)
        {
            Connection = connection;
            Log = log;
        }

        public PrefectConnection Connection { get; }
        public IPrefectBackend Backend => Connection.Backend;
        public IOperationLog Log { get; }
        public Uri Url => Connection.Url;
    }
}
