using System;
using System.Collections.Generic;
using System.Linq;
using PrefectOps.Core.Scheduling;
using Xunit;

namespace PrefectOps.Tests.Scheduling
{
    /// <summary>Stepping through a day by the tables finds exactly the minutes that asking NextOnOrAfter again would.</summary>
    public class CronCandidatesTests
    {
        [Theory]
        [InlineData("*/5 * * * *", true)]
        [InlineData("0 * * * *", true)]
        [InlineData("59 23 * * *", true)]
        [InlineData("0,30 9-17 * * 1-5", true)]
        [InlineData("15 5-7 * * *", true)]
        [InlineData("0 6 1 * 1", true)]
        [InlineData("0 6 1 * 1", false)]
        [InlineData("*/7 */5 29-31 2,3 *", true)]
        [InlineData("0 0 29 2 *", true)]
        [InlineData("@hourly", true)]
        public void Match_repeated_NextOnOrAfter(string expression, bool dayOr)
        {
            var cron = CronExpression.Parse(expression, dayOr);
            var from = new DateTime(2026, 1, 30, 22, 17, 30);
            var limit = new DateTime(2028, 3, 2, 0, 0, 0);

            var expected = new List<DateTime>();
            var wall = from;
            while (expected.Count < 5000 && cron.NextOnOrAfter(wall, limit) is DateTime next)
            {
                expected.Add(next);
                wall = next.AddMinutes(1);
            }

            Assert.Equal(expected, cron.Candidates(from, limit).Take(5000));
        }

        [Fact]
        public void Stop_at_the_limit()
        {
            var cron = CronExpression.Parse("*/5 * * * *", true);
            var all = cron.Candidates(new DateTime(2026, 11, 23, 10, 2, 0), new DateTime(2026, 11, 23, 10, 30, 0)).ToList();
            Assert.Equal(new[] { 5, 10, 15, 20, 25, 30 }, all.Select(t => t.Minute));
        }
    }
}
