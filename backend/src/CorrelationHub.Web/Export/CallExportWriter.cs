using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CorrelationHub.Persistence.Records;
using CsvHelper;
using CsvHelper.Configuration;

namespace CorrelationHub.Web.Export;

/// <summary>Streams call records as RFC 4180 CSV (UTF-8, header row, CRLF) or NDJSON with the same names.</summary>
public static class CallExportWriter
{
    /// <param name="header">false for the rows only (a part of an export whose header is already written).</param>
    public static async Task WriteCsvAsync(Stream output, IAsyncEnumerable<CallRecord> records, string baseUrl, CancellationToken cancellationToken, bool header = true)
    {
        // 16 K characters: its buffers stay off the large-object heap (an export writes one per time slice).
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 16 * 1024, leaveOpen: true);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\r\n", ShouldQuote = CsvQuoting.ShouldQuote };
        await using var csv = new CsvWriter(writer, configuration, leaveOpen: true);
        if (header)
        {
            foreach (var name in CallColumns.Names)
            {
                csv.WriteField(name);
            }

            await csv.NextRecordAsync().ConfigureAwait(false);
        }

        var count = 0;
        var texts = new string?[CallColumns.Names.Count];
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            CallRecordValues.FillText(record, baseUrl, texts);
            foreach (var text in texts)
            {
                csv.WriteField(text);
            }

            await csv.NextRecordAsync().ConfigureAwait(false);
            if (++count % 100 == 0)
            {
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await csv.FlushAsync().ConfigureAwait(false);
    }

    public static async Task WriteNdjsonAsync(Stream output, IAsyncEnumerable<CallRecord> records, string baseUrl, CancellationToken cancellationToken)
    {
        // Each line is built in memory and written asynchronously (Kestrel forbids synchronous body writes).
        var buffer = new ArrayBufferWriter<byte>(4096);
        await using var json = new Utf8JsonWriter(buffer);
        var values = new object?[CallColumns.Names.Count];
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            json.WriteStartObject();
            CallRecordValues.Fill(record, baseUrl, values);
            for (var i = 0; i < values.Length; i++)
            {
                var name = CallColumns.Names[i];
                switch (values[i])
                {
                    case null:
                        json.WriteNull(name);
                        break;
                    case double d:
                        json.WriteNumber(name, d);
                        break;
                    case int n:
                        json.WriteNumber(name, n);
                        break;
                    case bool b:
                        json.WriteBoolean(name, b);
                        break;
                    default:
                        json.WriteString(name, values[i]!.ToString());
                        break;
                }
            }

            json.WriteEndObject();
            await json.FlushAsync(cancellationToken).ConfigureAwait(false);
            buffer.Write("\n"u8);
            if (buffer.WrittenCount >= 32 * 1024)
            {
                await output.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
                buffer.ResetWrittenCount();
            }

            json.Reset();
        }

        await output.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }
}
