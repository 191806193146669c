using System.Linq;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Errors;

namespace PrefectOps.Core.GraphQL
{
    /// <summary>
    /// The one place that keeps null filter values from reaching Prefect 1. Its Hasura runs with
    /// HASURA_GRAPHQL_V1_BOOLEAN_NULL_COLLAPSE=true: `where: {id: {_eq: null}}`, or an unset variable in a where,
    /// is dropped and matches EVERY row, so a read meant for one flow would act on all of them.
    /// </summary>
    public static class NullFilterGuard
    {
        private static readonly Regex Declared = new Regex(@"\$([A-Za-z_][A-Za-z0-9_]*)\s*:", RegexOptions.CultureInvariant);
        private static readonly Regex NullLiteral = new Regex(@"\bnull\b", RegexOptions.CultureInvariant);

        /// <summary>
        /// Reads (queries) may carry no null at all, in the text or at any depth of the variables, and every declared
        /// variable must be given. Mutations take no where-filter here, so a null there is a value (labels: null clears
        /// the override) and only the "declared but not given" rule applies.
        /// </summary>
        /// <exception cref="PrefectException">ErrorId NullFilterValue, before anything is sent.</exception>
        public static void Check(string operationName, string document, JObject? variables, bool isRead)
        {
            foreach (var name in Declared.Matches(HeaderOf(document)).Cast<Match>().Select(m => m.Groups[1].Value).Distinct())
            {
                if (variables == null || !variables.TryGetValue(name, out var value))
                    throw Refused(operationName, $"the variable ${name} is declared but not given (an unset variable is a null filter)");
                if (isRead && FirstNull(value, name) is string path)
                    throw Refused(operationName, $"{path} is null");
            }
            if (isRead && variables != null)
                foreach (var property in variables.Properties())
                    if (FirstNull(property.Value, property.Name) is string path)
                        throw Refused(operationName, $"{path} is null");
            if (isRead && NullLiteral.IsMatch(StripStrings(document)))
                throw Refused(operationName, "the query text contains a null literal");
        }

        private static string HeaderOf(string document)
        {
            // Variables are declared between the operation name and the first '{'.
            int brace = document.IndexOf('{');
            return brace < 0 ? document : document.Substring(0, brace);
        }

        private static string? FirstNull(JToken token, string path)
        {
            switch (token.Type)
            {
                case JTokenType.Null:
                case JTokenType.Undefined:
                    return "$" + path;
                case JTokenType.Object:
                    foreach (var p in ((JObject)token).Properties())
                        if (FirstNull(p.Value, path + "." + p.Name) is string inner) return inner;
                    return null;
                case JTokenType.Array:
                    int i = 0;
                    foreach (var item in (JArray)token)
                    {
                        if (FirstNull(item, $"{path}[{i}]") is string inner) return inner;
                        i++;
                    }
                    return null;
                default:
                    return null;
            }
        }

        private static string StripStrings(string document) => Regex.Replace(document, "\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");

        private static PrefectException Refused(string operationName, string what) =>
            new PrefectException(ErrorIds.NullFilterValue, PrefectErrorKind.InvalidArgument,
                $"PrefectOps did not send {operationName}: {what}. Prefect 1 Server ignores a filter whose value is null and matches every row, so the request could have acted on every flow.");
    }
}
