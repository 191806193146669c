using System;
using Newtonsoft.Json.Linq;

namespace PrefectOps.Core.Scheduling
{
    /// <summary>Reads and writes Prefect 2.x/3.x schedule JSON ({"cron","timezone","day_or"}, {"interval","anchor_date","timezone"}, {"rrule","timezone"}).</summary>
    public static class ScheduleJson
    {
        public static ScheduleSpec? Parse(JToken? schedule) => throw new NotImplementedException();
        public static JObject ToJson(ScheduleSpec schedule) => throw new NotImplementedException();
    }
}
