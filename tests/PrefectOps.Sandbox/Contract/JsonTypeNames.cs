using System;
using System.Collections.Generic;
using Newtonsoft.Json.Linq;

namespace PrefectOps.Sandbox.Contract
{
    /// <summary>Maps JSON Schema type names and JSON values to <see cref="JsonTypes"/>.</summary>
    internal static class JsonTypeNames
    {
        public static JsonTypes Parse(string name) => name switch
        {
            "null" => JsonTypes.Null,
            "boolean" => JsonTypes.Boolean,
            "integer" => JsonTypes.Integer,
            "number" => JsonTypes.Number,
            "string" => JsonTypes.String,
            "array" => JsonTypes.Array,
            "object" => JsonTypes.Object,
            _ => throw new FormatException($"Unknown JSON Schema type '{name}'."),
        };

        /// <summary>
        /// The type of a parsed value. An integral float (3.0) counts as Integer as well as Number: pydantic v1 and v2
        /// both accept it for int fields (v1 would even truncate 3.5; that is not followed, our client sends no such value).
        /// </summary>
        public static JsonTypes Of(JToken value)
        {
            switch (value.Type)
            {
                case JTokenType.Null: return JsonTypes.Null;
                case JTokenType.Boolean: return JsonTypes.Boolean;
                case JTokenType.Integer: return JsonTypes.Integer | JsonTypes.Number;
                case JTokenType.Float:
                    var d = (double)value;
                    return !double.IsInfinity(d) && Math.Floor(d) == d ? JsonTypes.Integer | JsonTypes.Number : JsonTypes.Number;
                case JTokenType.String: return JsonTypes.String;
                case JTokenType.Array: return JsonTypes.Array;
                case JTokenType.Object: return JsonTypes.Object;
                default: return JsonTypes.String; // dates, guids, uris: only produced when parsing is misconfigured
            }
        }

        public static string Describe(JsonTypes types)
        {
            var names = new List<string>();
            foreach (JsonTypes t in Enum.GetValues(typeof(JsonTypes)))
                if (t != JsonTypes.None && t != JsonTypes.Null && (types & t) == t) names.Add(Name(t));
            if ((types & JsonTypes.Null) != 0) names.Add("null"); // "string or null" reads better than "null or string"
            return string.Join(" or ", names);
        }

        /// <summary>What a value is, for messages ("got string").</summary>
        public static string DescribeValue(JToken value) => value.Type switch
        {
            JTokenType.Null => "null",
            JTokenType.Boolean => "boolean",
            JTokenType.Integer => "integer",
            JTokenType.Float => "number",
            JTokenType.Array => "array",
            JTokenType.Object => "object",
            _ => "string",
        };

        private static string Name(JsonTypes t) => t switch
        {
            JsonTypes.Null => "null",
            JsonTypes.Boolean => "boolean",
            JsonTypes.Integer => "integer",
            JsonTypes.Number => "number",
            JsonTypes.String => "string",
            JsonTypes.Array => "array",
            _ => "object",
        };
    }
}
