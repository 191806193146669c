using System;
using System.Linq;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Maintenance;
using PrefectOps.Core.Model;
using PrefectOps.Core.Services;
using PrefectOps.Core.Util;
using Xunit;

namespace PrefectOps.Tests.Core
{
    public sealed class MaintenanceTagsTests
    {
        private sealed class FixedClock : IClock
        {
            public DateTimeOffset UtcNow { get; set; }
        }

        [Fact]
        public void A_window_round_trips_through_tags_and_leaves_other_tags_alone()
        {
            var window = new MaintenanceWindow("MAINTENANCE", new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 11, 22, 6, 30, 0, TimeSpan.FromHours(2)), "CHG-1234 patching");
            var tags = MaintenanceTags.With(new[] { "server-prod", "nightly" }, window);

            Assert.Equal(new[] { "server-prod", "nightly", "MAINTENANCE", "MAINTENANCE:since=2026-11-22T02:00:00Z",
                "MAINTENANCE:until=2026-11-22T04:30:00Z", "MAINTENANCE:reason=CHG-1234 patching" }, tags);
            var read = MaintenanceTags.Decode(tags, "MAINTENANCE")!;
            Assert.Equal(window.Since, read.Since);
            Assert.Equal(window.Until, read.Until);
            Assert.Equal("CHG-1234 patching", read.Reason);
            Assert.Equal(new[] { "server-prod", "nightly" }, MaintenanceTags.Without(tags, "MAINTENANCE"));
        }

        [Fact]
        public void Who_opened_the_window_is_one_more_tag_and_reads_back()
        {
            var window = new MaintenanceWindow("MAINTENANCE", new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.Zero), by: @"CONTOSO\jdoe@SQLADM01");
            var tags = MaintenanceTags.With(new[] { "server-prod" }, window);

            Assert.Equal(new[] { "server-prod", "MAINTENANCE", "MAINTENANCE:since=2026-11-22T02:00:00Z", @"MAINTENANCE:by=CONTOSO\jdoe@SQLADM01" }, tags);
            Assert.Equal(@"CONTOSO\jdoe@SQLADM01", MaintenanceTags.Decode(tags, "MAINTENANCE")!.By);
            // Windows opened before PrefectOps recorded it have no such tag.
            Assert.Null(MaintenanceTags.Decode(new[] { "MAINTENANCE" }, "MAINTENANCE")!.By);
        }

        [Theory]
        [InlineData("CONTOSO", "jdoe", "SQLADM01", @"CONTOSO\jdoe@SQLADM01")]
        // A local account: Windows gives the machine as its domain, .NET on Linux the host name.
        [InlineData("SQLADM01", "jdoe", "SQLADM01", "jdoe@SQLADM01")]
        [InlineData("sqladm01", "postgres", "SQLADM01", "postgres@SQLADM01")]
        [InlineData("", "svc-prefect", "build-7", "svc-prefect@build-7")]
        [InlineData(null, "svc-prefect", null, "svc-prefect")]
        public void The_operator_is_the_account_and_the_machine(string? domain, string user, string? machine, string expected)
        {
            Assert.Equal(expected, MaintenanceOperator.Describe(domain, user, machine));
        }

        [Fact]
        public void Window_tags_without_the_marker_do_not_count_as_maintenance()
        {
            Assert.Null(MaintenanceTags.Decode(new[] { "MAINTENANCE:since=2026-11-22T02:00:00Z" }, "MAINTENANCE"));
        }

        [Fact]
        public void A_marker_set_by_hand_without_window_tags_still_counts()
        {
            var window = MaintenanceTags.Decode(new[] { "x", "MAINTENANCE" }, "MAINTENANCE")!;
            Assert.Null(window.Since);
            Assert.Null(window.Until);
        }

        [Fact]
        public void Another_marker_is_kept_apart()
        {
            var tags = new[] { "MAINTENANCE", "DBMAINT", "DBMAINT:since=2026-11-22T02:00:00Z" };
            Assert.Equal(new[] { "MAINTENANCE" }, MaintenanceTags.Without(tags, "DBMAINT"));
            Assert.NotNull(MaintenanceTags.Decode(tags, "DBMAINT"));
        }

        [Theory]
        [InlineData("")]
        [InlineData("  ")]
        [InlineData("MAINT*")]
        [InlineData("has space")]
        [InlineData("a:b")]
        public void Bad_markers_are_refused(string marker)
        {
            var ex = Assert.Throws<PrefectException>(() => MaintenanceTags.ValidateMarker(marker));
            Assert.Equal(ErrorIds.InvalidMarker, ex.ErrorId);
        }

        [Fact]
        public void Until_in_the_past_is_refused_before_anything_is_sent()
        {
            var clock = new FixedClock { UtcNow = new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.Zero) };
            var ex = Assert.Throws<PrefectException>(() => MaintenanceService.OpenWindow("MAINTENANCE", clock.UtcNow.AddMinutes(-1), null, clock));
            Assert.Equal(ErrorIds.InvalidMaintenanceWindow, ex.ErrorId);
        }

        [Fact]
        public void The_window_starts_now_in_whole_seconds()
        {
            var clock = new FixedClock { UtcNow = new DateTimeOffset(2026, 11, 22, 2, 0, 5, 750, TimeSpan.Zero) };
            var window = MaintenanceService.OpenWindow("MAINTENANCE", null, "  ", clock);
            Assert.Equal(new DateTimeOffset(2026, 11, 22, 2, 0, 5, TimeSpan.Zero), window.Since);
            Assert.Null(window.Reason);
            Assert.Null(window.By);
            Assert.Equal(@"CONTOSO\jdoe@H", MaintenanceService.OpenWindow("MAINTENANCE", null, null, clock, @"CONTOSO\jdoe@H").By);
        }

        [Theory]
        [InlineData("")]
        [InlineData(" ")]
        [InlineData("server-*")]
        [InlineData("server-?")]
        [InlineData("[ab]")]
        public void Exact_tags_refuse_blanks_and_wildcards(string tag)
        {
            var ex = Assert.Throws<PrefectException>(() => TagArguments.RequireExact(new[] { "ok", tag }));
            Assert.Equal(ErrorIds.InvalidTag, ex.ErrorId);
        }

        [Fact]
        public void Exact_tags_are_deduplicated_in_order()
        {
            Assert.Equal(new[] { "b", "a" }, TagArguments.RequireExact(new[] { "b", "a", "b" }).ToArray());
        }

        [Fact]
        public void MaxCatchUpRuns_below_one_is_refused()
        {
            Assert.Equal(ErrorIds.InvalidCatchUpLimit, Assert.Throws<PrefectException>(() => MaintenanceService.ValidateMaxCatchUpRuns(0)).ErrorId);
            Assert.Equal(ErrorIds.InvalidCatchUpLimit, Assert.Throws<PrefectException>(() => MaintenanceService.ValidateMaxCatchUpRuns(-3)).ErrorId);
        }
    }
}
