using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Http;
using PrefectOps.Core.Maintenance;
using Xunit;

namespace PrefectOps.Tests.Core
{
    /// <summary>
    /// The limiter fed synthetic answers, no clock: each test fills the slots it allows, then tells it how the
    /// requests went, as a bulk run would.
    /// </summary>
    public sealed class AdaptiveConcurrencyTests
    {
        private static readonly TimeSpan Fast = TimeSpan.FromMilliseconds(20);

        /// <summary>The dispatcher: takes every slot the limit allows.</summary>
        private static int Fill(AdaptiveConcurrency limiter)
        {
            int entered = 0;
            while (limiter.TryEnter()) entered++;
            return entered;
        }

        /// <summary>One request in flight is answered, its slot is freed, and the dispatcher fills what room there is.</summary>
        private static void Answer(AdaptiveConcurrency limiter, TimeSpan latency, bool pushedBack = false, int times = 1)
        {
            for (int i = 0; i < times; i++)
            {
                limiter.OnAttempt(latency, pushedBack);
                limiter.Exit();
                Fill(limiter);
            }
        }

        private static AdaptiveConcurrency GrownTo(int limit)
        {
            var limiter = AdaptiveConcurrency.Adaptive();
            Fill(limiter);
            while (limiter.Limit < limit) Answer(limiter, Fast);
            return limiter;
        }

        /// <summary>Grown to two, pushed back there (cut to one, ceiling two), then one at a time until it probes two again.</summary>
        private static AdaptiveConcurrency ProbingTwoAfterPushback()
        {
            var limiter = GrownTo(2);
            limiter.OnAttempt(Fast, true);
            limiter.OnAttempt(Fast, false);
            limiter.Exit();
            limiter.Exit();
            Fill(limiter);
            Answer(limiter, Fast, times: AdaptiveConcurrency.InitialProbeInterval);
            Assert.Equal(2, limiter.Limit);
            return limiter;
        }

        [Fact]
        public void Starts_at_one_and_grows_by_one_per_answer_while_answers_stay_fast_up_to_the_bound()
        {
            // One more per answer is a doubling per round trip: every answer of a full round adds one.
            var limiter = AdaptiveConcurrency.Adaptive(maxLimit: 16);
            Assert.Equal(1, Fill(limiter));
            var limits = new List<int>();
            for (int i = 0; i < 20; i++)
            {
                Answer(limiter, Fast);
                limits.Add(limiter.Limit);
            }
            Assert.Equal(Enumerable.Range(2, 15).Concat(Enumerable.Repeat(16, 5)), limits);
            Assert.Equal(16, limiter.InFlight);
            Assert.Equal(16, limiter.PeakLimit);
            Assert.Equal(0, limiter.Cuts);
        }

        [Fact]
        public void Never_exceeds_the_throttle_limit_it_is_given()
        {
            var limiter = AdaptiveConcurrency.Adaptive(maxLimit: 3);
            Fill(limiter);
            Answer(limiter, Fast, times: 50);
            Assert.Equal(3, limiter.Limit);
            Assert.Equal(3, limiter.InFlight);
        }

        [Fact]
        public void Does_not_grow_on_answers_while_its_room_is_unused()
        {
            var limiter = GrownTo(2);
            limiter.Exit();
            limiter.Exit();
            for (int i = 0; i < 50; i++)
            {
                Assert.True(limiter.TryEnter()); // one in flight of two allowed: the end of a run
                limiter.OnAttempt(Fast, false);
                limiter.Exit();
            }
            Assert.Equal(2, limiter.Limit);
        }

        [Fact]
        public void Halves_on_pushback_and_ignores_the_answers_already_in_flight()
        {
            var limiter = GrownTo(16);
            Assert.Equal(16, limiter.InFlight);
            limiter.OnAttempt(Fast, pushedBack: true);
            Assert.Equal(8, limiter.Limit);
            // The other 15 were sent at 16: their 503s are the same news, not a reason to cut again.
            for (int i = 0; i < 15; i++) limiter.OnAttempt(Fast, pushedBack: true);
            Assert.Equal(8, limiter.Limit);
            Assert.Equal(1, limiter.Cuts);
            // The next one is news.
            limiter.OnAttempt(Fast, pushedBack: true);
            Assert.Equal(4, limiter.Limit);
        }

        [Fact]
        public void A_failed_connection_counts_as_pushback()
        {
            var limiter = GrownTo(4);
            limiter.OnConnectionFailure();
            Assert.Equal(2, limiter.Limit);
        }

        [Fact]
        public void Cuts_when_latency_grows_to_twice_its_best()
        {
            var limiter = GrownTo(8);
            // The server starts queueing: answers take 100 ms instead of 20.
            Answer(limiter, TimeSpan.FromMilliseconds(100), times: 8);
            Assert.True(limiter.Limit < 8, $"limit {limiter.Limit}");
            Assert.Equal(1, limiter.Cuts);
        }

        [Fact]
        public void Ignores_ordinary_jitter_in_latency()
        {
            var limiter = AdaptiveConcurrency.Adaptive();
            Fill(limiter);
            var latencies = new[] { 20, 27, 22, 35, 21, 30, 24, 26 };
            for (int i = 0; i < 400; i++) Answer(limiter, TimeSpan.FromMilliseconds(latencies[i % latencies.Length]));
            Assert.Equal(16, limiter.Limit);
            Assert.Equal(0, limiter.Cuts);
        }

        [Fact]
        public void After_a_cut_grows_by_one_per_round_and_probes_the_level_that_failed_only_after_a_while()
        {
            var limiter = GrownTo(8);
            limiter.OnAttempt(Fast, pushedBack: true); // cut to 4, ceiling 8
            for (int i = 0; i < 7; i++) limiter.OnAttempt(Fast, false); // the others sent at 8
            for (int i = 0; i < 8; i++) limiter.Exit();
            Assert.Equal(4, limiter.Limit);
            Assert.Equal(4, Fill(limiter));

            Answer(limiter, Fast, times: 4);
            Assert.Equal(5, limiter.Limit); // a round of 4 answers: +1, no longer doubling
            Answer(limiter, Fast, times: 5);
            Answer(limiter, Fast, times: 6);
            Assert.Equal(7, limiter.Limit);
            Answer(limiter, Fast, times: AdaptiveConcurrency.InitialProbeInterval - 1);
            Assert.Equal(7, limiter.Limit); // the level that failed waits for its probe interval
            Answer(limiter, Fast);
            Assert.Equal(8, limiter.Limit);
        }

        [Fact]
        public void Probes_again_sooner_once_the_server_has_room_again()
        {
            var limiter = ProbingTwoAfterPushback();
            Answer(limiter, Fast, times: 5); // no pushback at 2: the ceiling is gone, +1 per round again
            Assert.Equal(4, limiter.Limit);
        }

        [Fact]
        public void Pushed_back_with_one_at_a_time_it_waits_for_the_probe_interval_before_trying_two()
        {
            // The server's own work held the database (a real SQLite server's scheduler): one at a time was too many
            // for that moment, so two would only meet the lock as well.
            var limiter = AdaptiveConcurrency.Adaptive();
            Fill(limiter);
            Answer(limiter, Fast, pushedBack: true);
            Assert.Equal(1, limiter.Limit);
            Answer(limiter, Fast, times: AdaptiveConcurrency.InitialProbeInterval - 1);
            Assert.Equal(1, limiter.Limit);
            Answer(limiter, Fast);
            Assert.Equal(2, limiter.Limit);
        }

        [Fact]
        public void A_level_that_answers_no_faster_than_one_at_a_time_is_not_taken_for_room()
        {
            // Real Prefect on SQLite: a second write often waits for the first instead of answering 503, so the
            // probe sees no pushback, only answers twice as slow. Taking that for room would climb into 503s again.
            var limiter = ProbingTwoAfterPushback();
            Answer(limiter, Fast);
            Answer(limiter, TimeSpan.FromMilliseconds(2 * Fast.TotalMilliseconds));
            Assert.Equal(1, limiter.Limit); // the second waited for the first: queued, not served side by side, back to one
            Answer(limiter, Fast, times: 2 * AdaptiveConcurrency.InitialProbeInterval - 1);
            Assert.Equal(1, limiter.Limit); // and the next probe waits twice as long
            Answer(limiter, Fast);
            Assert.Equal(2, limiter.Limit);
        }

        /// <summary>
        /// A SQLite server: of the requests in flight together, one is written and the others answer 503 and are
        /// retried (their items keep their slots). A thousand writes see a handful of 503s, and one is in flight
        /// nearly all the time, which is the best a single writer allows.
        /// </summary>
        [Fact]
        public void Against_a_single_writer_server_a_thousand_writes_see_only_a_handful_of_503s()
        {
            var limiter = AdaptiveConcurrency.Adaptive();
            int written = 0, rejected = 0, rounds = 0, concurrentRounds = 0, pending = 0;
            while (written < 1000)
            {
                rounds++;
                while (written + pending < 1000 && limiter.TryEnter()) pending++;
                if (pending > 1) concurrentRounds++;
                limiter.OnAttempt(Fast, false);
                for (int i = 1; i < pending; i++) { limiter.OnAttempt(TimeSpan.FromMilliseconds(1), true); rejected++; }
                limiter.Exit();
                pending--;
                written++;
            }
            Assert.True(rejected <= 10, $"{rejected} 503s");
            Assert.True(concurrentRounds <= 10, $"{concurrentRounds} rounds with more than one in flight, of {rounds}");
        }

        [Fact]
        public void A_fixed_limiter_ignores_answers()
        {
            var limiter = AdaptiveConcurrency.Fixed(4);
            Assert.Equal(4, Fill(limiter));
            for (int i = 0; i < 10; i++) limiter.OnAttempt(Fast, true);
            Assert.Equal(4, limiter.Limit);
        }

        [Fact]
        public async Task BulkRunner_keeps_its_fixed_throttle_overload_and_never_exceeds_the_bound_when_adaptive()
        {
            int inFlight = 0, peak = 0;
            async Task<int> Work(int item, CancellationToken ct)
            {
                int now = Interlocked.Increment(ref inFlight);
                lock (this) peak = Math.Max(peak, now);
                await Task.Yield();
                Interlocked.Decrement(ref inFlight);
                return item;
            }
            var items = Enumerable.Range(0, 200).ToList();
            var seen = new List<int>();
            await BulkRunner.RunAsync(items, 3, Work, r => { lock (seen) seen.Add(r); }, CancellationToken.None);
            Assert.Equal(items, seen.OrderBy(x => x));
            Assert.True(peak <= 3);

            peak = 0;
            seen.Clear();
            AdaptiveConcurrency? used = null;
            await BulkRunner.RunAsync(items, new BulkOptions { MaxConcurrency = 5, Finished = l => used = l }, Work,
                r => { lock (seen) seen.Add(r); }, CancellationToken.None);
            Assert.Equal(items, seen.OrderBy(x => x));
            Assert.True(peak <= 5, $"peak {peak}");
            Assert.NotNull(used);
            Assert.Equal(0, used!.InFlight);
        }

        [Fact]
        public async Task BulkRunner_surfaces_a_work_failure_after_the_other_items_finish()
        {
            int done = 0;
            var items = Enumerable.Range(0, 300).ToList();
            var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => BulkRunner.RunAsync(items, BulkOptions.Fixed(4),
                async (item, ct) =>
                {
                    await Task.Yield();
                    if (item == 7) throw new InvalidOperationException("boom");
                    return item;
                }, _ => Interlocked.Increment(ref done), CancellationToken.None));
            Assert.Equal("boom", ex.Message);
            Assert.Equal(299, done);
        }
    }
}
