using System;
using System.Runtime.CompilerServices;
using System.Management.Automation.Runspaces;
using PrefectOps.Core.Connection;

namespace PrefectOps.Infrastructure
{
    /// <summary>
    /// The default connection of a runspace: what Connect-Prefect sets and every other cmdlet uses. Kept per runspace
    /// so that jobs and parallel runspaces in one process do not share or overwrite each other's connection. Only the
    /// pipeline thread knows its runspace, so only the pipeline thread may ask (anywhere else is a bug, said loudly).
    /// </summary>
    internal static class PrefectSession
    {
        private sealed class Holder
        {
            public PrefectConnection? Connection;
        }

        private static readonly ConditionalWeakTable<Runspace, Holder> Sessions = new ConditionalWeakTable<Runspace, Holder>();

        private static Holder Current
        {
            get
            {
                var runspace = Runspace.DefaultRunspace
                    ?? throw new InvalidOperationException("PrefectOps looked up the session's connection off the pipeline thread; take it before core work starts.");
                return Sessions.GetValue(runspace, _ => new Holder());
            }
        }

        /// <summary>The connection, or null when this runspace has none (or when asked where no runspace is current).</summary>
        public static PrefectConnection? TryGet() =>
            Runspace.DefaultRunspace == null ? null : Current.Connection;

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
