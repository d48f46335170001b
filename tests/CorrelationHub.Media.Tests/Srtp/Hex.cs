namespace CorrelationHub.Media.Tests.Srtp;

internal static class Hex
{
    public static byte[] Bytes(string text) => Convert.FromHexString(string.Concat(text.Where(c => !char.IsWhiteSpace(c))));
}
