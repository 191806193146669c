using System.Runtime.CompilerServices;
using System.Management.Automation.Runspaces;
using PrefectOps.Core.Connection;

namespace PrefectOps.Infrastructure
{
    /// <summary>
    /// The default connection of a runspace: what Connect-Prefect sets and every other cmdlet uses. Kept per runspace
    /// so that jobs and parallel runspaces in one process do not share or overwrite each other's connection.
    /// </summary>
    internal static class PrefectSession
    {
        private sealed class Holder
        {
            public PrefectConnection? Connection;
        }

        private static readonly ConditionalWeakTable<Runspace, Holder> Sessions = new ConditionalWeakTable<Runspace, Holder>();
        private static readonly Holder NoRunspace = new Holder();

        private static Holder Current
        {
            get
            {
                var runspace = Runspace.DefaultRunspace;
                return runspace == null ? NoRunspace : Sessions.GetValue(runspace, _ => new Holder());
            }
        }

        public static PrefectConnection? Connection
        {
            get => Current.Connection;
            set
            {
                var holder = Current;
                var old = holder.Connection;
                holder.Connection = value;
                if (old != null && !ReferenceEquals(old, value)) old.Dispose();
            }
        }
    }
}
