using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace PrefectOps.Sandbox.Contract
{
    /// <summary>
    /// Validates JSON values against compiled <see cref="SchemaNode"/>s, the subset of JSON Schema that FastAPI/pydantic
    /// documents use. Messages read "{location}: {problem}", e.g. "body.deployments.tags: property 'any_' is not allowed".
    /// </summary>
    public sealed class JsonSchemaValidator
    {
        /// <param name="optionalPropertiesAcceptNull">
        /// Pydantic v1 (the 2.x server) writes <c>Optional[X] = None</c> as plain X, so its document cannot say a field
        /// is nullable; the server accepts null for it. True accepts null for every property that is not required.
        /// </param>
        public JsonSchemaValidator(bool optionalPropertiesAcceptNull = false)
        {
            OptionalPropertiesAcceptNull = optionalPropertiesAcceptNull;
        }

        public bool OptionalPropertiesAcceptNull { get; }

        public IReadOnlyList<string> Validate(SchemaNode schema, JToken value, string location)
        {
            var errors = new List<string>();
            Validate(schema, value, location, errors);
            return errors;
        }

        public void Validate(SchemaNode schema, JToken value, string location, List<string> errors)
        {
            if (schema.RejectsEverything)
            {
                errors.Add($"{location}: no value is allowed here");
                return;
            }
            if (schema.Ref != null) Validate(schema.Ref, value, location, errors);

            var valueType = JsonTypeNames.Of(value);
            if (schema.Types != JsonTypes.None && (schema.Types & valueType) == 0)
            {
                errors.Add($"{location}: expected {JsonTypeNames.Describe(schema.Types)}, got {JsonTypeNames.DescribeValue(value)}");
                return; // the remaining keywords are about the expected type; more messages would be noise
            }

            if (schema.Enum != null && !schema.Enum.Any(e => JsonEquals(e, value)))
                errors.Add($"{location}: {Show(value)} is not one of {string.Join(", ", schema.Enum.Select(Show))}");
            if (schema.Const != null && !JsonEquals(schema.Const, value))
                errors.Add($"{location}: {Show(value)} is not {Show(schema.Const)}");

            switch (value.Type)
            {
                case JTokenType.String: CheckString(schema, (string)value!, location, errors); break;
                case JTokenType.Integer:
                case JTokenType.Float: CheckNumber(schema, (double)value, location, errors); break;
                case JTokenType.Array: CheckArray(schema, (JArray)value, location, errors); break;
                case JTokenType.Object: CheckObject(schema, (JObject)value, location, errors); break;
            }

            if (schema.AllOf != null)
                foreach (var sub in schema.AllOf) Validate(sub, value, location, errors);
            if (schema.AnyOf != null) CheckAnyOf(schema.AnyOf, value, location, errors);
            if (schema.OneOf != null) CheckOneOf(schema.OneOf, value, location, errors);
        }

        private static void CheckString(SchemaNode schema, string s, string location, List<string> errors)
        {
            if (schema.MinLength != null || schema.MaxLength != null)
            {
                var length = CodePoints(s); // Python counts code points, not UTF-16 units
                if (length < schema.MinLength) errors.Add($"{location}: shorter than {schema.MinLength} characters");
                if (length > schema.MaxLength) errors.Add($"{location}: longer than {schema.MaxLength} characters");
            }
            // Unanchored, as JSON Schema says and pydantic v2 does (a search, not a full match).
            if (schema.Pattern != null && !schema.Pattern.IsMatch(s))
                errors.Add($"{location}: {Show(s)} does not match pattern {Shorten(schema.Pattern.ToString())}");
            if (schema.Format != null && FormatChecks.Check(schema.Format, s) is string problem)
                errors.Add($"{location}: {Show(s)} {problem}");
        }

        private static void CheckNumber(SchemaNode schema, double n, string location, List<string> errors)
        {
            if (n < schema.Minimum) errors.Add($"{location}: {Show(n)} is less than the minimum {Show(schema.Minimum!.Value)}");
            if (n > schema.Maximum) errors.Add($"{location}: {Show(n)} is greater than the maximum {Show(schema.Maximum!.Value)}");
            if (n <= schema.ExclusiveMinimum) errors.Add($"{location}: {Show(n)} must be greater than {Show(schema.ExclusiveMinimum!.Value)}");
            if (n >= schema.ExclusiveMaximum) errors.Add($"{location}: {Show(n)} must be less than {Show(schema.ExclusiveMaximum!.Value)}");
        }

        private void CheckArray(SchemaNode schema, JArray array, string location, List<string> errors)
        {
            if (array.Count < schema.MinItems) errors.Add($"{location}: fewer than {schema.MinItems} items");
            if (array.Count > schema.MaxItems) errors.Add($"{location}: more than {schema.MaxItems} items");

            var prefix = schema.PrefixItems?.Count ?? 0;
            for (var i = 0; i < array.Count; i++)
            {
                var itemSchema = i < prefix ? schema.PrefixItems![i] : schema.Items;
                if (itemSchema != null) Validate(itemSchema, array[i], $"{location}[{i}]", errors);
            }
        }

        private void CheckObject(SchemaNode schema, JObject obj, string location, List<string> errors)
        {
            if (schema.Required != null)
                foreach (var name in schema.Required)
                    if (!obj.ContainsKey(name)) errors.Add($"{location}: required property '{name}' is missing");

            foreach (var property in obj.Properties())
            {
                var at = location + "." + property.Name;
                if (schema.Properties != null && schema.Properties.TryGetValue(property.Name, out var propertySchema))
                {
                    if (property.Value.Type == JTokenType.Null && OptionalPropertiesAcceptNull && !IsRequired(schema, property.Name))
                        continue;
                    Validate(propertySchema, property.Value, at, errors);
                }
                else if (!schema.AdditionalPropertiesAllowed)
                    errors.Add($"{location}: property '{property.Name}' is not allowed");
                else if (schema.AdditionalProperties != null)
                    Validate(schema.AdditionalProperties, property.Value, at, errors);
            }
        }

        private static bool IsRequired(SchemaNode schema, string name) => schema.Required != null && schema.Required.Contains(name);

        private void CheckAnyOf(IReadOnlyList<SchemaNode> alternatives, JToken value, string location, List<string> errors)
        {
            var failures = new List<(SchemaNode Schema, List<string> Errors)>(alternatives.Count);
            foreach (var alternative in alternatives)
            {
                var branch = new List<string>();
                Validate(alternative, value, location, branch);
                if (branch.Count == 0) return;
                failures.Add((alternative, branch));
            }
            ReportNoMatch(failures, value, location, errors, "any");
        }

        private void CheckOneOf(IReadOnlyList<SchemaNode> alternatives, JToken value, string location, List<string> errors)
        {
            var failures = new List<(SchemaNode Schema, List<string> Errors)>(alternatives.Count);
            var matched = new List<SchemaNode>();
            foreach (var alternative in alternatives)
            {
                var branch = new List<string>();
                Validate(alternative, value, location, branch);
                if (branch.Count == 0) matched.Add(alternative);
                else failures.Add((alternative, branch));
            }
            if (matched.Count == 1) return;
            if (matched.Count > 1)
                errors.Add($"{location}: matches more than one of {string.Join(", ", matched.Select(m => m.Label))} (oneOf wants exactly one)");
            else
                ReportNoMatch(failures, value, location, errors, "one");
        }

        /// <summary>
        /// When only one alternative has the value's type (the usual X-or-null), its own messages are the useful ones;
        /// otherwise each alternative's first problem is listed.
        /// </summary>
        private static void ReportNoMatch(List<(SchemaNode Schema, List<string> Errors)> failures, JToken value, string location,
            List<string> errors, string quantifier)
        {
            var valueType = JsonTypeNames.Of(value);
            var sameType = failures.Where(f => TypeOf(f.Schema) == JsonTypes.None || (TypeOf(f.Schema) & valueType) != 0).ToList();
            if (sameType.Count == 1)
            {
                errors.AddRange(sameType[0].Errors);
                return;
            }
            var reasons = failures.Select(f => $"{f.Schema.Label}: {StripLocation(f.Errors[0], location)}");
            errors.Add($"{location}: matches none of the {failures.Count} alternatives ({quantifier}Of): {string.Join("; ", reasons)}");
        }

        private static JsonTypes TypeOf(SchemaNode schema) =>
            schema.Types != JsonTypes.None ? schema.Types : schema.Ref != null ? TypeOf(schema.Ref) : JsonTypes.None;

        private static string StripLocation(string message, string location) =>
            message.StartsWith(location + ": ", StringComparison.Ordinal) ? message.Substring(location.Length + 2) : message;

        /// <summary>Deep equality where 1 and 1.0 are equal, as in Python.</summary>
        public static bool JsonEquals(JToken a, JToken b)
        {
            var numeric = JsonTypes.Number;
            if ((JsonTypeNames.Of(a) & numeric) != 0 && (JsonTypeNames.Of(b) & numeric) != 0)
                return (double)a == (double)b;
            return JToken.DeepEquals(a, b);
        }

        private static int CodePoints(string s)
        {
            var n = 0;
            foreach (var c in s) if (!char.IsLowSurrogate(c)) n++;
            return n;
        }

        private static string Show(JToken value) => Shorten(value.ToString(Formatting.None));
        private static string Show(string value) => Shorten(JsonConvert.ToString(value));
        private static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);

        private static string Shorten(string text) => text.Length <= 80 ? text : text.Substring(0, 77) + "...";
    }
}
