using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using PrefectOps.Sandbox.Seeding;

namespace PrefectOps.Bench
{
    /// <summary>Seeds the estate through the API, as one would seed a real server (the caller switches the load off first).</summary>
    internal sealed class EstateSeeder
    {
        public const string LargestTag = "tag-001";
        private readonly int _parallelism;
        private readonly PrefectSeedClient _seed;
        private readonly EstateShape _shape;
        private readonly List<Guid> _deployments = new List<Guid>();
        private int _stopBatch;

        /// <param name="parallelism">Requests at once: 8 for the sandbox; a real SQLite-backed server takes one write at a time.</param>
        public EstateSeeder(PrefectSeedClient seed, EstateShape shape, int parallelism = 8)
        {
            _seed = seed;
            _shape = shape;
            _parallelism = parallelism;
        }

        public IReadOnlyList<Guid> Deployments => _deployments;

        public async Task SeedAsync()
        {
            var random = new Random(8);
            var tagsOf = Enumerable.Range(0, _shape.Deployments).Select(_ => new List<string>()).ToArray();
            for (int k = 1; k <= _shape.Tags; k++)
                foreach (int i in Enumerable.Range(0, _shape.Deployments).OrderBy(_ => random.Next()).Take(_shape.TagSize(k)))
                    tagsOf[i].Add($"tag-{k:D3}");

            var flows = new Guid[_shape.Flows];
            await ForAllAsync(Enumerable.Range(0, _shape.Flows), async f => flows[f] = await _seed.CreateFlowAsync($"flow-{f:D3}"));

            var ids = new Guid[_shape.Deployments];
            await ForAllAsync(Enumerable.Range(0, _shape.Deployments), async i =>
            {
                // A few paused on purpose (outside the largest tag, so Disable there changes every flow it finds).
                bool paused = i % 97 == 0 && !tagsOf[i].Contains(LargestTag);
                var d = await _seed.CreateDeploymentAsync(flows[i % _shape.Flows], $"dep-{i:D5}", tagsOf[i], Schedule(i), paused);
                ids[i] = Guid.Parse((string)d["id"]!);
            });
            _deployments.AddRange(ids);

            await ForAllAsync(Enumerable.Range(0, _shape.FlowRuns), async r =>
            {
                var run = await _seed.CreateFlowRunAsync(ids[(r * 7919) % ids.Length]);
                if (r % 3 == 0) await _seed.SetStateAsync(Guid.Parse((string)run["id"]!), "RUNNING", force: true);
            });
        }

        /// <summary>Runs for one Stop-FlowRun measurement, half of them running; all carry a tag of their own.</summary>
        public async Task<string> SeedRunsToStopAsync()
        {
            string tag = $"stop-batch-{Interlocked.Increment(ref _stopBatch)}";
            await ForAllAsync(Enumerable.Range(0, _shape.RunsToStop), async r =>
            {
                var run = await _seed.CreateFlowRunAsync(_deployments[(r * 104729) % _deployments.Count], tags: new[] { tag });
                if (r % 2 == 0) await _seed.SetStateAsync(Guid.Parse((string)run["id"]!), "RUNNING", force: true);
            });
            return tag;
        }

        /// <summary>60% crons in several time zones, 40% intervals from 5 minutes to a day.</summary>
        private static string Schedule(int i)
        {
            string[] zones = { "UTC", "America/New_York", "Europe/Berlin", "Asia/Tokyo" };
            int[] intervals = { 300, 900, 3600, 21600, 86400 };
            return i % 5 < 3
                ? new JObject { ["cron"] = $"{i % 60} {(i % 3 == 0 ? "*" : (i % 24).ToString())} * * *", ["timezone"] = zones[i % zones.Length] }.ToString()
                : new JObject { ["interval"] = intervals[i % intervals.Length], ["anchor_date"] = "2026-01-01T00:00:00+00:00", ["timezone"] = "UTC" }.ToString();
        }

        private async Task ForAllAsync(IEnumerable<int> items, Func<int, Task> work)
        {
            using var gate = new SemaphoreSlim(_parallelism);
            await Task.WhenAll(items.Select(async i =>
            {
                await gate.WaitAsync();
                try { await work(i); }
                finally { gate.Release(); }
            }));
        }
    }
}
