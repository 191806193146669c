using System;
using System.Globalization;
using System.IO;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace PrefectOps.Core.GraphQL
{
    /// <summary>
    /// A maintenance window kept in a Prefect 1 flow group's description, the only free-form field the public API
    /// writes. Appended after the user's own text as one clearly delimited block, removed exactly on enable:
    /// <code>
    /// user's description
    ///
    /// &lt;!-- prefectops:maintenance {"marker":"MAINTENANCE","since":"…","until":"…","reason":"…","by":"CONTOSO\\jdoe@HOST","labels":["prod"],"description_was_null":false} --&gt;
    /// **In maintenance** (MAINTENANCE) since 2026-11-23 10:02Z until 2026-11-23 13:02Z by CONTOSO\jdoe@HOST: CHG-1234. Set by PrefectOps; Enable-FlowByTag removes this block.
    /// &lt;!-- /prefectops:maintenance --&gt;
    /// </code>
    /// The UI renders the description as markdown: the comments hide the data, the line in between tells a reader why.
    /// The block also keeps the group's labels as they were before the marker (null = no override), so enable puts
    /// back exactly that.
    /// </summary>
    internal sealed class MaintenanceBlock
    {
        private const string Begin = "<!-- prefectops:maintenance ";
        private const string BeginClose = " -->";
        private const string End = "<!-- /prefectops:maintenance -->";
        private const string Separator = "\n\n";
        private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

        public MaintenanceBlock(MaintenanceWindow window, JArray? labels, bool descriptionWasNull)
        {
            Window = window;
            Labels = labels;
            DescriptionWasNull = descriptionWasNull;
        }

        public MaintenanceWindow Window { get; }
        /// <summary>The flow group's labels before the marker was added; null means "no override".</summary>
        public JArray? Labels { get; }
        public bool DescriptionWasNull { get; }

        /// <summary>The user's text with this block after it.</summary>
        public string AppendTo(string? userText)
        {
            string user = userText ?? "";
            var data = new JObject
            {
                ["marker"] = Window.Marker,
                ["since"] = Time(Window.Since),
                ["until"] = Time(Window.Until),
                ["reason"] = Window.Reason,
                ["labels"] = Labels == null ? JValue.CreateNull() : Labels.DeepClone(),
                ["description_was_null"] = DescriptionWasNull,
            };
            // Only when known, so a window opened without it reads back as it was written.
            if (Window.By != null) data["by"] = Window.By;
            string json = Serialize(data);
            string line = $"**In maintenance** ({Window.Marker})" +
                (Window.Since.HasValue ? $" since {Readable(Window.Since.Value)}" : "") +
                (Window.Until.HasValue ? $" until {Readable(Window.Until.Value)}" : "") +
                (Window.By != null ? $" by {Window.By}" : "") +
                (Window.Reason != null ? $": {Window.Reason.Replace('\r', ' ').Replace('\n', ' ')}" : "") +
                ". Set by PrefectOps; Enable-FlowByTag removes this block.";
            return (user.Length > 0 ? user + Separator : "") + Begin + json + BeginClose + "\n" + line + "\n" + End;
        }

        /// <summary>The block in a description, or null when there is none (or it cannot be read).</summary>
        public static MaintenanceBlock? Find(string? description)
        {
            if (!Locate(description, out int begin, out _)) return null;
            int jsonStart = begin + Begin.Length;
            int jsonEnd = description!.IndexOf(BeginClose, jsonStart, StringComparison.Ordinal);
            if (jsonEnd < 0) return null;
            JObject data;
            try { data = Parse(description.Substring(jsonStart, jsonEnd - jsonStart)); }
            catch (JsonException) { return null; }
            string marker = (string?)data["marker"] ?? "";
            var window = new MaintenanceWindow(marker, ParseTime(data["since"]), ParseTime(data["until"]), (string?)data["reason"], (string?)data["by"]);
            return new MaintenanceBlock(window, data["labels"] as JArray, (bool?)data["description_was_null"] ?? false);
        }

        /// <summary>The description without the block (and the separator it brought); other text the user added stays.</summary>
        public static string? Remove(string? description)
        {
            if (!Locate(description, out int begin, out int end)) return description;
            string before = description!.Substring(0, begin);
            if (before.EndsWith(Separator, StringComparison.Ordinal)) before = before.Substring(0, before.Length - Separator.Length);
            return before + description.Substring(end);
        }

        /// <summary>What the description was before the block: null again if it was null and nothing was added since.</summary>
        public string? RestoreFrom(string? description)
        {
            string? rest = Remove(description);
            return DescriptionWasNull && string.IsNullOrEmpty(rest) ? null : rest;
        }

        private static bool Locate(string? description, out int begin, out int end)
        {
            begin = end = -1;
            if (string.IsNullOrEmpty(description)) return false;
            begin = description!.IndexOf(Begin, StringComparison.Ordinal);
            if (begin < 0) return false;
            int close = description.IndexOf(End, begin, StringComparison.Ordinal);
            if (close < 0) return false;
            end = close + End.Length;
            return true;
        }

        // EscapeHtml keeps "-->" (and "<") out of the JSON, so a reason can never close the comment early.
        private static string Serialize(JObject data)
        {
            using var writer = new StringWriter(CultureInfo.InvariantCulture);
            using (var json = new JsonTextWriter(writer) { StringEscapeHandling = StringEscapeHandling.EscapeHtml, Formatting = Formatting.None })
                data.WriteTo(json);
            return writer.ToString();
        }

        private static JObject Parse(string text)
        {
            using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None };
            return JObject.Load(reader);
        }

        private static JToken Time(DateTimeOffset? t) =>
            t.HasValue ? new JValue(t.Value.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture)) : JValue.CreateNull();

        private static DateTimeOffset? ParseTime(JToken? token) =>
            token?.Type == JTokenType.String && DateTimeOffset.TryParseExact((string)token!, TimeFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : (DateTimeOffset?)null;

        private static string Readable(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
    }
}
