namespace CorrelationHub.Sip.Messages;

/// <summary>Finds the empty line that ends the header section: CRLFCRLF, or LFLF from bare-LF peers.</summary>
internal static class HeaderBoundary
{
    /// <summary>Returns the length of the header section (excluding the separator), or -1.</summary>
    public static int Find(ReadOnlySpan<byte> data, out int separatorLength)
    {
        separatorLength = 0;
        for (var i = 0; i < data.Length; i++)
        {
            if (data[i] != (byte)'\n')
            {
                continue;
            }

            // data[i] is LF. The header section ends at a line that is empty: "\n\n" or "\n\r\n".
            if (i + 1 < data.Length && data[i + 1] == (byte)'\n')
            {
                var end = i > 0 && data[i - 1] == (byte)'\r' ? i - 1 : i;
                separatorLength = i + 2 - end;
                return end;
            }

            if (i + 2 < data.Length && data[i + 1] == (byte)'\r' && data[i + 2] == (byte)'\n')
            {
                var end = i > 0 && data[i - 1] == (byte)'\r' ? i - 1 : i;
                separatorLength = i + 3 - end;
                return end;
            }
        }

        return -1;
    }
}
