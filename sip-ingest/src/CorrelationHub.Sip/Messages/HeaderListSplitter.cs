namespace CorrelationHub.Sip.Messages;

/// <summary>Splits a comma-separated header value, respecting quoted strings and &lt;...&gt; (RFC 3261 §7.3.1).</summary>
internal static class HeaderListSplitter
{
    public static IEnumerable<string> Split(string value)
    {
        var start = 0;
        var inQuotes = false;
        var inAngle = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (inQuotes)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inQuotes = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    inQuotes = true;
                    break;
                case '<':
                    inAngle = true;
                    break;
                case '>':
                    inAngle = false;
                    break;
                case ',' when !inAngle:
                    var item = value[start..i].Trim();
                    if (item.Length > 0)
                    {
                        yield return item;
                    }

                    start = i + 1;
                    break;
            }
        }

        var last = value[start..].Trim();
        if (last.Length > 0)
        {
            yield return last;
        }
    }
}
