using System.Buffers;
using CsvHelper;

namespace CorrelationHub.Web.Export;

/// <summary>
/// Which export fields CsvHelper encloses in quotes: those holding a quote, a comma or a line break of any kind
/// (RFC 4180 §2.6; CsvHelper's default looks only for the configured CRLF) and, as CsvHelper does, those with a
/// leading or trailing space. One vectorised scan per field.
/// </summary>
public static class CsvQuoting
{
    private static readonly SearchValues<char> Special = SearchValues.Create("\",\r\n");

    public static bool ShouldQuote(ShouldQuoteArgs args) => Needs(args.Field);

    public static bool Needs(string? field) =>
        !string.IsNullOrEmpty(field) && (field[0] == ' ' || field[^1] == ' ' || field.AsSpan().ContainsAny(Special));
}
