using System.Text;
using System.Text.RegularExpressions;
using CorrelationHub.TestSupport;

namespace CorrelationHub.SipIngest.Tests;

/// <summary>Fixture and corpus messages, and the small edits tests derive from them.</summary>
internal static partial class Messages
{
    public static string Fixture(string name) => RepoPaths.FixtureText("sip/" + name);

    public static string Corpus(string name) => File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "CorrelationHub.Sip.Tests", "Corpus", name));

    public static string WithToTag(this string message, string toTag) => message.Replace("REPLACE-WITH-OUR-TO-TAG", toTag, StringComparison.Ordinal);

    public static string WithBranch(this string message, string branch) => BranchPattern().Replace(message, "branch=" + branch, 1);

    public static string WithCSeq(this string message, string cseq) => CSeqPattern().Replace(message, "CSeq: " + cseq, 1);

    /// <summary>Adds a header line after the start line.</summary>
    public static string WithHeader(this string message, string header)
    {
        var firstLineEnd = message.IndexOf("\r\n", StringComparison.Ordinal);
        return message[..(firstLineEnd + 2)] + header + "\r\n" + message[(firstLineEnd + 2)..];
    }

    /// <summary>Replaces the body and fixes Content-Length (and Content-Type when given).</summary>
    public static string WithBody(this string message, string body, string? contentType = null)
    {
        var headerEnd = message.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headers = ContentLengthPattern().Replace(message[..headerEnd], "Content-Length: " + Encoding.UTF8.GetByteCount(body));
        if (contentType is not null)
        {
            headers = ContentTypePattern().IsMatch(headers)
                ? ContentTypePattern().Replace(headers, "Content-Type: " + contentType)
                : headers + "\r\nContent-Type: " + contentType;
        }

        return headers + "\r\n\r\n" + body;
    }

    /// <summary>An in-dialog request of the same dialog, built from the initial INVITE (To tag added, method and CSeq changed).</summary>
    public static string InDialog(this string invite, string method, uint cseq, string toTag, string branch)
    {
        var text = invite.WithBranch(branch).WithCSeq($"{cseq} {method}");
        text = Regex.Replace(text, @"^INVITE ", method + " ", RegexOptions.None, TimeSpan.FromSeconds(1));
        text = ToPattern().Replace(text, m => m.Value + ";tag=" + toTag, 1);
        return text;
    }

    [GeneratedRegex(@"branch=[^;\r\n]+")]
    private static partial Regex BranchPattern();

    [GeneratedRegex(@"CSeq: [^\r\n]+")]
    private static partial Regex CSeqPattern();

    [GeneratedRegex(@"Content-Length: \d+")]
    private static partial Regex ContentLengthPattern();

    [GeneratedRegex(@"Content-Type: [^\r\n]+")]
    private static partial Regex ContentTypePattern();

    [GeneratedRegex(@"(?m)^To: [^\r\n]+")]
    private static partial Regex ToPattern();
}
