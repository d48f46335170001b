using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace CorrelationHub.EndToEnd.Tests;

/// <summary>Reads an RFC 4180 export into a header and rows of name → value.</summary>
public static class CsvText
{
    public static (string[] Header, List<Dictionary<string, string>> Rows) Parse(string text)
    {
        using var reader = new StringReader(text);
        using var csv = new CsvParser(reader, new CsvConfiguration(CultureInfo.InvariantCulture));
        if (!csv.Read())
        {
            return ([], []);
        }

        var header = csv.Record!;
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
        {
            var record = csv.Record!;
            rows.Add(header.Select((name, i) => (name, value: i < record.Length ? record[i] : string.Empty)).ToDictionary(p => p.name, p => p.value));
        }

        return (header, rows);
    }
}
