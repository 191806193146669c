using System.Collections.Generic;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PrefectOps.Sandbox.Contract;
using Xunit;

namespace PrefectOps.Tests.Contract
{
    /// <summary>One keyword at a time, on small schemas.</summary>
    public class JsonSchemaValidatorTests
    {
        private static IReadOnlyList<string> Check(string schema, string value, bool pydanticV1 = false, string? components = null)
        {
            var document = JObject.Parse("{\"components\":{\"schemas\":" + (components ?? "{}") + "}}");
            var node = new SchemaCompiler(document).Compile(JToken.Parse(schema));
            using var reader = new JsonTextReader(new System.IO.StringReader(value)) { DateParseHandling = DateParseHandling.None };
            return new JsonSchemaValidator(pydanticV1).Validate(node, JToken.ReadFrom(reader), "body");
        }

        private static void Valid(string schema, string value, bool pydanticV1 = false, string? components = null) =>
            Assert.Empty(Check(schema, value, pydanticV1, components));

        private static string Invalid(string schema, string value, bool pydanticV1 = false, string? components = null)
        {
            var errors = Check(schema, value, pydanticV1, components);
            Assert.NotEmpty(errors);
            return errors[0];
        }

        [Fact]
        public void EmptyAndBooleanSchemas()
        {
            Valid("{}", "[1,{\"a\":null}]");
            Valid("true", "1");
            Assert.Equal("body: no value is allowed here", Invalid("false", "1"));
        }

        [Theory]
        [InlineData("string", "\"x\"")]
        [InlineData("boolean", "true")]
        [InlineData("null", "null")]
        [InlineData("array", "[]")]
        [InlineData("object", "{}")]
        [InlineData("number", "1")]
        [InlineData("number", "1.5")]
        [InlineData("integer", "3")]
        [InlineData("integer", "3.0")] // pydantic v1 and v2 both take an integral float for int
        public void TypeAccepts(string type, string value) => Valid($"{{\"type\":\"{type}\"}}", value);

        [Theory]
        [InlineData("string", "1", "body: expected string, got integer")]
        [InlineData("integer", "3.5", "body: expected integer, got number")]
        [InlineData("integer", "\"3\"", "body: expected integer, got string")] // pydantic would coerce; our client must not rely on it
        [InlineData("boolean", "1", "body: expected boolean, got integer")]
        [InlineData("object", "null", "body: expected object, got null")]
        [InlineData("array", "{}", "body: expected array, got object")]
        public void TypeRejects(string type, string value, string message) =>
            Assert.Equal(message, Invalid($"{{\"type\":\"{type}\"}}", value));

        [Fact]
        public void TypeArrayForm()
        {
            Valid("{\"type\":[\"string\",\"null\"]}", "null");
            Assert.Equal("body: expected string or null, got integer", Invalid("{\"type\":[\"string\",\"null\"]}", "1"));
        }

        [Fact]
        public void NullableOpenApi30Form()
        {
            Valid("{\"type\":\"string\",\"nullable\":true}", "null");
            Invalid("{\"type\":\"string\",\"nullable\":false}", "null");
        }

        [Fact]
        public void PropertiesRequiredAndAdditionalProperties()
        {
            const string schema = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}},\"required\":[\"a\"],\"additionalProperties\":false}";
            Valid(schema, "{\"a\":1}");
            Assert.Equal("body: required property 'a' is missing", Invalid(schema, "{}"));
            Assert.Equal("body: property 'b' is not allowed", Invalid(schema, "{\"a\":1,\"b\":2}"));
            Assert.Equal("body.a: expected integer, got string", Invalid(schema, "{\"a\":\"x\"}"));
        }

        [Fact]
        public void AdditionalPropertiesAbsentMeansAllowed()
        {
            Valid("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}}}", "{\"b\":\"anything\"}");
        }

        [Fact]
        public void AdditionalPropertiesAsSchema()
        {
            const string schema = "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"}}";
            Valid(schema, "{\"x\":\"y\"}");
            Assert.Equal("body.x: expected string, got integer", Invalid(schema, "{\"x\":1}"));
        }

        [Fact]
        public void OptionalPropertiesAcceptNullOnlyInPydanticV1Mode()
        {
            const string schema = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"},\"b\":{\"type\":\"integer\"}},\"required\":[\"b\"]}";
            Valid(schema, "{\"a\":null,\"b\":1}", pydanticV1: true);
            Invalid(schema, "{\"a\":null,\"b\":1}", pydanticV1: false);
            Assert.Equal("body.b: expected integer, got null", Invalid(schema, "{\"b\":null}", pydanticV1: true));
        }

        [Fact]
        public void ItemsAndPrefixItems()
        {
            Valid("{\"type\":\"array\",\"items\":{\"type\":\"string\"}}", "[\"a\",\"b\"]");
            Assert.Equal("body[1]: expected string, got integer", Invalid("{\"type\":\"array\",\"items\":{\"type\":\"string\"}}", "[\"a\",1]"));
            const string pair = "{\"type\":\"array\",\"prefixItems\":[{\"type\":\"string\",\"format\":\"uuid\"},{\"type\":\"integer\"}],\"minItems\":2,\"maxItems\":2}";
            Valid(pair, "[\"08e6c433-3eca-4c33-84bd-b5594d356380\",1]");
            Assert.Equal("body[1]: expected integer, got string", Invalid(pair, "[\"08e6c433-3eca-4c33-84bd-b5594d356380\",\"x\"]"));
        }

        [Fact]
        public void PydanticV1TupleItemsArray()
        {
            const string pair = "{\"type\":\"array\",\"items\":[{\"type\":\"string\"},{\"type\":\"string\"}],\"minItems\":2,\"maxItems\":2}";
            Valid(pair, "[\"a\",\"b\"]");
            Assert.Equal("body[0]: expected string, got integer", Invalid(pair, "[1,\"b\"]"));
            Assert.Equal("body: fewer than 2 items", Invalid(pair, "[\"a\"]"));
        }

        [Fact]
        public void MinAndMaxItems()
        {
            Assert.Equal("body: more than 1 items", Invalid("{\"type\":\"array\",\"maxItems\":1}", "[1,2]"));
            Assert.Equal("body: fewer than 1 items", Invalid("{\"type\":\"array\",\"minItems\":1}", "[]"));
        }

        [Fact]
        public void RefWithCycles()
        {
            const string components = "{\"Node\":{\"type\":\"object\",\"properties\":{\"v\":{\"type\":\"integer\"},\"children\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/Node\"}}},\"additionalProperties\":false}}";
            const string schema = "{\"$ref\":\"#/components/schemas/Node\"}";
            Valid(schema, "{\"v\":1,\"children\":[{\"v\":2,\"children\":[{\"v\":3}]}]}", components: components);
            Assert.Equal("body.children[0].children[0].v: expected integer, got string",
                Invalid(schema, "{\"children\":[{\"children\":[{\"v\":\"x\"}]}]}", components: components));
        }

        [Fact]
        public void UnknownRefFailsAtCompileTime()
        {
            Assert.Throws<KeyNotFoundException>(() => Check("{\"$ref\":\"#/components/schemas/Nope\"}", "1"));
        }

        [Fact]
        public void AnyOfWithNullReportsTheNonNullAlternative()
        {
            const string schema = "{\"anyOf\":[{\"type\":\"integer\",\"minimum\":0},{\"type\":\"null\"}]}";
            Valid(schema, "null");
            Valid(schema, "5");
            Assert.Equal("body: -1 is less than the minimum 0", Invalid(schema, "-1"));
        }

        [Fact]
        public void AnyOfWithoutMatchListsTheAlternatives()
        {
            const string components = "{\"A\":{\"type\":\"object\",\"required\":[\"a\"]},\"B\":{\"type\":\"object\",\"required\":[\"b\"]}}";
            var message = Invalid("{\"anyOf\":[{\"$ref\":\"#/components/schemas/A\"},{\"$ref\":\"#/components/schemas/B\"}]}", "{}", components: components);
            Assert.Equal("body: matches none of the 2 alternatives (anyOf): A: required property 'a' is missing; B: required property 'b' is missing", message);
        }

        [Fact]
        public void OneOfWantsExactlyOne()
        {
            const string schema = "{\"oneOf\":[{\"type\":\"integer\"},{\"type\":\"number\"}]}";
            Valid(schema, "1.5");
            Assert.Contains("matches more than one", Invalid(schema, "1"));
            Assert.Contains("matches none", Invalid(schema, "\"x\""));
        }

        [Fact]
        public void AllOfAppliesEverySubschema()
        {
            const string schema = "{\"allOf\":[{\"type\":\"integer\"},{\"minimum\":10}]}";
            Valid(schema, "10");
            Assert.Equal("body: 9 is less than the minimum 10", Invalid(schema, "9"));
        }

        [Fact]
        public void EnumAndConst()
        {
            Valid("{\"enum\":[\"A\",\"B\"]}", "\"B\"");
            Assert.Equal("body: \"C\" is not one of \"A\", \"B\"", Invalid("{\"enum\":[\"A\",\"B\"]}", "\"C\""));
            Valid("{\"enum\":[1,2]}", "2.0");
            Valid("{\"const\":\"event\"}", "\"event\"");
            Assert.Equal("body: \"compound\" is not \"event\"", Invalid("{\"const\":\"event\"}", "\"compound\""));
            Valid("{\"const\":null}", "null");
            Invalid("{\"const\":null}", "0");
        }

        [Theory]
        [InlineData("08e6c433-3eca-4c33-84bd-b5594d356380", true)]
        [InlineData("08E6C433-3ECA-4C33-84BD-B5594D356380", true)]
        [InlineData("08e6c4333eca4c3384bdb5594d356380", true)]
        [InlineData("{08e6c433-3eca-4c33-84bd-b5594d356380}", true)]
        [InlineData("urn:uuid:08e6c433-3eca-4c33-84bd-b5594d356380", true)]
        [InlineData("not-a-uuid", false)]
        [InlineData("08e6c433-3eca-4c33-84bd-b5594d35638g", false)]
        [InlineData("", false)]
        public void UuidFormat(string value, bool valid)
        {
            var errors = Check("{\"type\":\"string\",\"format\":\"uuid\"}", JsonConvert.ToString(value));
            Assert.Equal(valid, errors.Count == 0);
        }

        [Theory]
        [InlineData("2026-11-22T01:36:50.815609+00:00", true)]
        [InlineData("2026-11-22T01:36:50Z", true)]
        [InlineData("2026-11-22T01:36:50", true)] // naive: accepted by pydantic and pendulum
        [InlineData("2026-11-22 01:36", true)]
        [InlineData("2026-11-22T01:36:50+0530", true)]
        [InlineData("2026-02-30T00:00:00Z", false)]
        [InlineData("2026-11-22T24:00:00Z", false)]
        [InlineData("2026-11-22", false)] // pendulum takes a bare date; deliberately not accepted
        [InlineData("not-a-date", false)]
        public void DateTimeFormat(string value, bool valid)
        {
            var errors = Check("{\"type\":\"string\",\"format\":\"date-time\"}", JsonConvert.ToString(value));
            Assert.Equal(valid, errors.Count == 0);
        }

        [Fact]
        public void TimeDeltaIsANumberOfSeconds()
        {
            Valid("{\"type\":\"number\",\"format\":\"time-delta\"}", "3600");
            Valid("{\"type\":\"number\",\"format\":\"time-delta\"}", "0.5");
            Invalid("{\"type\":\"number\",\"format\":\"time-delta\"}", "\"PT1H\"");
        }

        [Fact]
        public void UncheckedFormatsAcceptAnyString()
        {
            Valid("{\"type\":\"string\",\"format\":\"uri\"}", "\"not a uri\"");
        }

        [Fact]
        public void NumericBounds31Form()
        {
            Valid("{\"type\":\"integer\",\"minimum\":0,\"maximum\":10}", "0");
            Valid("{\"type\":\"integer\",\"minimum\":0,\"maximum\":10}", "10");
            Assert.Equal("body: 11 is greater than the maximum 10", Invalid("{\"maximum\":10}", "11"));
            Assert.Equal("body: 0 must be greater than 0", Invalid("{\"type\":\"integer\",\"exclusiveMinimum\":0.0}", "0"));
            Valid("{\"type\":\"integer\",\"exclusiveMinimum\":0.0}", "1");
            Assert.Equal("body: 5 must be less than 5", Invalid("{\"exclusiveMaximum\":5}", "5"));
        }

        [Fact]
        public void IntegersBeyondLongAreStillIntegers()
        {
            Valid("{\"type\":\"integer\"}", "123456789012345678901234567890"); // Python ints are unbounded
            Assert.Equal("body: 1.2345678901234568E+29 is greater than the maximum 10", Invalid("{\"maximum\":10}", "123456789012345678901234567890"));
        }

        [Fact]
        public void NumericBounds30BooleanForm()
        {
            Assert.Equal("body: 0 must be greater than 0", Invalid("{\"minimum\":0,\"exclusiveMinimum\":true}", "0"));
            Valid("{\"minimum\":0,\"exclusiveMinimum\":false}", "0");
            Assert.Equal("body: 5 must be less than 5", Invalid("{\"maximum\":5,\"exclusiveMaximum\":true}", "5"));
        }

        [Fact]
        public void StringLengthCountsCodePoints()
        {
            Valid("{\"type\":\"string\",\"maxLength\":1}", "\"\\ud83d\\ude00\""); // one emoji, two UTF-16 units
            Assert.Equal("body: longer than 2 characters", Invalid("{\"maxLength\":2}", "\"abc\""));
            Assert.Equal("body: shorter than 1 characters", Invalid("{\"minLength\":1}", "\"\""));
        }

        [Fact]
        public void PatternIsASearchNotAFullMatch()
        {
            const string schema = "{\"type\":\"string\",\"pattern\":\"^[^/%&><]+$\"}";
            Valid(schema, "\"etl-flow\"");
            Assert.Equal("body: \"a/b\" does not match pattern ^[^/%&><]+$", Invalid(schema, "\"a/b\""));
            Valid("{\"pattern\":\"Europe/Paris|UTC\"}", "\"Etc/UTC\"");
        }

        [Fact]
        public void KeywordsForOtherTypesDoNotApply()
        {
            Valid("{\"minLength\":5,\"minimum\":10,\"minItems\":3}", "true");
        }
    }
}
