using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.AspNetCore.Http;

namespace PrefectOps.Sandbox.Faults
{
    /// <summary>The faults a test has switched on. Thread-safe; the first matching rule that fires wins.</summary>
    public sealed class FaultPlan
    {
        private readonly object _gate = new object();
        private readonly List<FaultRule> _rules = new List<FaultRule>();
        private Random _random = new Random(12345);

        public FaultRule Add(FaultRule rule)
        {
            lock (_gate) _rules.Add(rule);
            return rule;
        }

        public FaultRule Add(string route, FaultKind kind, int statusCode = 500, int times = int.MaxValue) =>
            Add(new FaultRule(route, kind, statusCode, times));

        /// <summary>Hits only requests whose path contains <paramref name="id"/>.</summary>
        public FaultRule AddFor(Guid id, string route, FaultKind kind, int statusCode = 500, int times = int.MaxValue) =>
            Add(new FaultRule(route, kind, statusCode, times) { When = ctx => (ctx.Request.Path.Value ?? "").Contains(id.ToString()) });

        public void Clear()
        {
            lock (_gate) _rules.Clear();
        }

        public void Seed(int seed)
        {
            lock (_gate) _random = new Random(seed);
        }

        internal FaultRule? Pick(string methodAndTemplate, HttpContext ctx)
        {
            lock (_gate)
            {
                foreach (var rule in _rules.Where(r => r.Matches(methodAndTemplate, ctx)))
                {
                    if (rule.Probability < 1.0 && _random.NextDouble() >= rule.Probability) continue;
                    if (rule.TryConsume()) return rule;
                }
                return null;
            }
        }
    }
}
