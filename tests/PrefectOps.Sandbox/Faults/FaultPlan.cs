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
        private int _seed = 12345;
        // Per rule and path, how many matching requests came: the draw for the n-th request to a path depends only on
        // (seed, path, n), so concurrent clients get the same faults whatever order their requests arrive in.
        private readonly Dictionary<(FaultRule, string), int> _seen = new Dictionary<(FaultRule, string), int>();

        /// <summary>The rules switched on, in the order added.</summary>
        public IReadOnlyList<FaultRule> Rules { get { lock (_gate) return _rules.ToList(); } }

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
            lock (_gate)
            {
                _rules.Clear();
                _seen.Clear();
            }
        }

        public void Seed(int seed)
        {
            lock (_gate) _seed = seed;
        }

        private double Draw(FaultRule rule, string path)
        {
            _seen.TryGetValue((rule, path), out int n);
            _seen[(rule, path)] = n + 1;
            unchecked
            {
                // FNV-1a over the path, mixed with the seed and the occurrence: stable across runs and processes.
                uint h = 2166136261;
                foreach (char c in path) h = (h ^ c) * 16777619;
                h = (h ^ (uint)_seed) * 16777619;
                h = (h ^ (uint)n) * 16777619;
                h ^= h >> 15; h *= 0x2c1b3c6d; h ^= h >> 12;
                return (h & 0xFFFFFF) / (double)0x1000000;
            }
        }

        internal FaultRule? Pick(string methodAndTemplate, HttpContext ctx)
        {
            lock (_gate)
            {
                foreach (var rule in _rules.Where(r => r.Matches(methodAndTemplate, ctx)))
                {
                    if (rule.Probability < 1.0 && Draw(rule, ctx.Request.Method + " " + ctx.Request.Path) >= rule.Probability) continue;
                    if (rule.TryConsume(ctx)) return rule;
                }
                return null;
            }
        }
    }
}
