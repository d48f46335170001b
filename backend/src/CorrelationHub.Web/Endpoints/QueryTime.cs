using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CorrelationHub.Web.Endpoints;

/// <summary>Reads ISO-8601 times from the query string; a bad one is a 400 naming the parameter.</summary>
internal static class QueryTime
{
    public static bool TryRead(HttpRequest request, string name, DateTimeOffset fallback, out DateTimeOffset value, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        problem = null;
        value = fallback;
        var text = request.Query[name].ToString();
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value))
        {
            return true;
        }

        problem = Invalid(name, "must be an ISO-8601 time");
        return false;
    }

    public static ProblemHttpResult Invalid(string field, string message) =>
        TypedResults.Problem(title: "Invalid query", detail: $"{field}: {message}", statusCode: 400, extensions: new Dictionary<string, object?> { ["field"] = field });
}
