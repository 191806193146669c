using System;
using System.Collections;
using System.Globalization;
using System.Management.Automation;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Errors;

namespace PrefectOps.Infrastructure
{
    /// <summary>
    /// PowerShell values (hashtables, arrays, PSObjects, dates) as JSON, for -RunInput. Lives here because only this
    /// assembly knows PSObject; the core takes the JObject.
    /// </summary>
    internal static class JsonValues
    {
        public static JObject? FromHashtable(IDictionary? table, string parameterName)
        {
            if (table == null) return null;
            return (JObject)Convert(table, parameterName, 0);
        }

        private static JToken Convert(object? value, string parameterName, int depth)
        {
            // A cycle or an object graph too deep to be meant as input.
            if (depth > 32)
                throw new PrefectException(ErrorIds.RequestRejected, PrefectErrorKind.InvalidArgument, $"-{parameterName} is nested more than 32 levels deep.");
            if (value is PSObject ps)
            {
                // [pscustomobject]@{...}: its properties are the value.
                if (ps.BaseObject is PSCustomObject)
                {
                    var props = new JObject();
                    foreach (var p in ps.Properties) props[p.Name] = Convert(p.Value, parameterName, depth + 1);
                    return props;
                }
                value = ps.BaseObject;
            }
            switch (value)
            {
                case null: return JValue.CreateNull();
                case string s: return new JValue(s);
                case bool or char or byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal: return new JValue(value);
                case DateTime dt: return new JValue(dt.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture));
                case DateTimeOffset dto: return new JValue(dto.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture));
                case Guid g: return new JValue(g.ToString());
                case Enum e: return new JValue(e.ToString());
                case IDictionary d:
                    var obj = new JObject();
                    foreach (DictionaryEntry entry in d) obj[System.Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? ""] = Convert(entry.Value, parameterName, depth + 1);
                    return obj;
                case IEnumerable list:
                    var arr = new JArray();
                    foreach (var item in list) arr.Add(Convert(item, parameterName, depth + 1));
                    return arr;
                default:
                    return new JValue(System.Convert.ToString(value, CultureInfo.InvariantCulture));
            }
        }
    }
}
