using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace CorrelationHub.Sip.Siprec;

/// <summary>
/// Reads RFC 7865 metadata in every dialect seen in the field (docs/interop.md MD-3), matching elements by local name
/// so the namespace (<c>...:recording:1</c>, <c>...:recording</c>, <c>...:siprec</c>, prefixed <c>tns:</c>) does not
/// matter. Hostile documents are refused (docs/interop.md PA-7): a DTD or entity, more than
/// <see cref="MetadataLimits.MaxCharacters"/>, deeper than <see cref="MetadataLimits.MaxDepth"/>, or more than
/// <see cref="MetadataLimits.MaxElements"/> elements. Never throws.
/// </summary>
public static class RecordingMetadataParser
{
    public static MetadataParseResult Parse(string xml, MetadataLimits? limits = null)
    {
        limits ??= MetadataLimits.Default;
        if (xml.Length > limits.MaxCharacters)
        {
            return new MetadataParseResult(MetadataParseStatus.Hostile, null, "document too large");
        }

        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = limits.MaxCharacters,
            MaxCharactersFromEntities = 0,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };

        // Pass 1: enforce the limits while streaming, before anything is built in memory.
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            var elements = 0;
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (++elements > limits.MaxElements)
                {
                    return new MetadataParseResult(MetadataParseStatus.Hostile, null, "too many elements");
                }

                if (reader.Depth >= limits.MaxDepth)
                {
                    return new MetadataParseResult(MetadataParseStatus.Hostile, null, "document too deep");
                }
            }
        }
        catch (XmlException ex) when (ex.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("DOCTYPE", StringComparison.OrdinalIgnoreCase))
        {
            return new MetadataParseResult(MetadataParseStatus.Hostile, null, "DTD refused");
        }
        catch (XmlException ex) when (ex.Message.Contains("entity", StringComparison.OrdinalIgnoreCase))
        {
            return new MetadataParseResult(MetadataParseStatus.Hostile, null, "entity refused");
        }
        catch (XmlException ex)
        {
            return new MetadataParseResult(MetadataParseStatus.Invalid, null, "not well-formed: " + ex.Message);
        }

        XElement root;
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            root = XElement.Load(reader);
        }
        catch (XmlException ex)
        {
            return new MetadataParseResult(MetadataParseStatus.Invalid, null, "not well-formed: " + ex.Message);
        }

        if (root.Name.LocalName is not ("recording" or "recording_metadata"))
        {
            return new MetadataParseResult(MetadataParseStatus.Invalid, null, "root element is " + root.Name.LocalName);
        }

        return new MetadataParseResult(MetadataParseStatus.Ok, Read(root, limits));
    }

    private static RecordingMetadata Read(XElement root, MetadataLimits limits)
    {
        var participants = new List<ParticipantBuilder>();
        ParticipantBuilder ParticipantFor(string id)
        {
            var existing = participants.Find(p => p.Id == id);
            if (existing is null)
            {
                existing = new ParticipantBuilder(id);
                participants.Add(existing);
            }

            return existing;
        }

        var sessions = new List<MetadataSession>();
        var streams = new List<MetadataStream>();
        var vendorIds = new List<KeyValuePair<string, string>>();
        var dataMode = MetadataDataMode.Complete;

        foreach (var element in root.Descendants())
        {
            if (IsInsideExtension(element, root))
            {
                continue;
            }

            switch (element.Name.LocalName)
            {
                case "datamode" or "dataMode":
                    dataMode = Text(element, limits)?.Equals("partial", StringComparison.OrdinalIgnoreCase) == true ? MetadataDataMode.Partial : MetadataDataMode.Complete;
                    break;
                case "session" when Id(element, "session_id") is { } sessionId:
                    sessions.Add(new MetadataSession(sessionId)
                    {
                        SipSessionId = ChildText(element, limits, "sipSessionID"),
                        GroupRef = ChildText(element, limits, "group-ref") ?? Attribute(element, "group"),
                        StartTime = Time(ChildText(element, limits, "start-time") ?? ChildText(element, limits, "associate-time")),
                        EndTime = Time(ChildText(element, limits, "end-time") ?? ChildText(element, limits, "stop-time")),
                    });
                    foreach (var extension in element.Elements().Where(e => e.Name.LocalName is "extensiondata" or "callData" || e.Name.Namespace != element.Name.Namespace))
                    {
                        CollectVendorIds(extension, vendorIds, limits);
                    }

                    break;
                case "participant" when Id(element, "participant_id") is { } participantId:
                    ReadParticipant(element, ParticipantFor(participantId), limits);
                    break;
                case "stream" when Id(element, "stream_id") is { } streamId:
                    streams.Add(new MetadataStream(streamId)
                    {
                        Label = ChildText(element, limits, "label"),
                        SessionId = Attribute(element, "session_id") ?? Attribute(element, "session"),
                        Mode = ChildText(element, limits, "mode"),
                    });
                    break;
                case "participantstreamassoc" when Attribute(element, "participant_id") is { } associated:
                    var target = ParticipantFor(associated);
                    ReadStreamReferences(element, target, limits);
                    break;
                case "participantsessionassoc" when Attribute(element, "participant_id") is { } member:
                    var participant = ParticipantFor(member);
                    participant.AssociateTime ??= Time(ChildText(element, limits, "associate-time"));
                    participant.DisassociateTime = Time(ChildText(element, limits, "disassociate-time")) ?? participant.DisassociateTime;
                    break;
                case "group" or "extensiondata" or "callData" when element.Parent == root || element.Parent?.Name.LocalName == "group":
                    CollectVendorIds(element, vendorIds, limits);
                    break;
            }
        }

        return new RecordingMetadata
        {
            DataMode = dataMode,
            Namespace = root.Name.NamespaceName,
            Sessions = sessions,
            Participants = [.. participants.Select(p => p.Build())],
            Streams = streams,
            VendorIds = Distinct(vendorIds, limits),
        };
    }

    private static void ReadParticipant(XElement element, ParticipantBuilder participant, MetadataLimits limits)
    {
        foreach (var child in element.Elements())
        {
            switch (child.Name.LocalName)
            {
                case "nameID":
                    participant.Aor ??= Attribute(child, "aor");
                    participant.Name ??= ChildText(child, limits, "name") ?? (child.HasElements ? null : Text(child, limits));
                    break;
                case "aor":
                    participant.Aor ??= Text(child, limits);
                    break;
                case "name":
                    participant.Name ??= Text(child, limits);
                    break;
                case "extension":
                    participant.Extension ??= Text(child, limits);
                    break;
                case "send" or "recv":
                    AddStreamReference(child, participant, limits);
                    break;
                case "associate-time":
                    participant.AssociateTime ??= Time(Text(child, limits));
                    break;
                case "disassociate-time":
                    participant.DisassociateTime = Time(Text(child, limits)) ?? participant.DisassociateTime;
                    break;
                case "extensiondata" or "callData":
                    CollectVendorIds(child, participant.VendorIds, limits);
                    break;
                default:
                    if (child.Name.Namespace != element.Name.Namespace)
                    {
                        // A vendor element placed directly in the participant (AudioCodes ac:GenesysUUID).
                        CollectVendorIds(child, participant.VendorIds, limits);
                    }

                    break;
            }
        }
    }

    private static void ReadStreamReferences(XElement association, ParticipantBuilder participant, MetadataLimits limits)
    {
        // A participantstreamassoc lists the complete set for that participant: it replaces earlier inline sends.
        participant.Sends.Clear();
        participant.Receives.Clear();
        foreach (var child in association.Elements())
        {
            if (child.Name.LocalName is "send" or "recv")
            {
                AddStreamReference(child, participant, limits);
            }
        }
    }

    private static void AddStreamReference(XElement element, ParticipantBuilder participant, MetadataLimits limits)
    {
        // <send>id</send>, or BroadWorks' <send><id>id</id></send>.
        var id = element.HasElements ? ChildText(element, limits, "id") : Text(element, limits);
        if (id is null)
        {
            return;
        }

        var list = element.Name.LocalName == "send" ? participant.Sends : participant.Receives;
        if (!list.Contains(id, StringComparer.Ordinal))
        {
            list.Add(id);
        }
    }

    private static void CollectVendorIds(XElement scope, List<KeyValuePair<string, string>> into, MetadataLimits limits)
    {
        foreach (var element in scope.DescendantsAndSelf())
        {
            if (into.Count >= limits.MaxVendorIds)
            {
                return;
            }

            if (element.HasElements || element == scope && element.Name.LocalName is "session" or "group" or "extensiondata" or "callData")
            {
                continue;
            }

            if (element.Name.LocalName is "label" or "sipSessionID" or "start-time" or "end-time" or "stop-time" or "associate-time" or "disassociate-time" or "group-ref")
            {
                continue;
            }

            if (Text(element, limits) is not { } value)
            {
                continue;
            }

            var key = element.Name.LocalName;
            if (Attribute(element, "label") is { } label)
            {
                key = $"{key}[{label}]";
            }
            else if (element.Parent is { } parent && parent != scope && Attribute(parent, "label") is { } parentLabel)
            {
                key = $"{parent.Name.LocalName}[{parentLabel}]";
            }

            into.Add(new KeyValuePair<string, string>(key, value));
        }
    }

    private static bool IsInsideExtension(XElement element, XElement root)
    {
        for (var parent = element.Parent; parent is not null && parent != root; parent = parent.Parent)
        {
            if (parent.Name.LocalName is "extensiondata" or "callData")
            {
                return true;
            }
        }

        return false;
    }

    private static List<KeyValuePair<string, string>> Distinct(List<KeyValuePair<string, string>> pairs, MetadataLimits limits) =>
        [.. pairs.GroupBy(p => p.Key, StringComparer.Ordinal).Select(g => g.Last()).Take(limits.MaxVendorIds)];

    private static string? Id(XElement element, string rfcName) => Attribute(element, rfcName) ?? Attribute(element, "id");

    private static string? Attribute(XElement element, string name)
    {
        foreach (var attribute in element.Attributes())
        {
            if (attribute.Name.LocalName == name && !attribute.IsNamespaceDeclaration)
            {
                var value = attribute.Value.Trim();
                return value.Length == 0 ? null : value;
            }
        }

        return null;
    }

    private static string? ChildText(XElement element, MetadataLimits limits, string localName)
    {
        foreach (var child in element.Elements())
        {
            if (child.Name.LocalName == localName)
            {
                return Text(child, limits);
            }
        }

        return null;
    }

    private static string? Text(XElement element, MetadataLimits limits)
    {
        var value = element.Value.Trim();
        if (value.Length == 0)
        {
            return null;
        }

        return value.Length > limits.MaxValueLength ? value[..limits.MaxValueLength] : value;
    }

    private static DateTimeOffset? Time(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    private sealed class ParticipantBuilder(string id)
    {
        public string Id { get; } = id;

        public string? Aor { get; set; }

        public string? Name { get; set; }

        public string? Extension { get; set; }

        public List<string> Sends { get; } = [];

        public List<string> Receives { get; } = [];

        public DateTimeOffset? AssociateTime { get; set; }

        public DateTimeOffset? DisassociateTime { get; set; }

        public List<KeyValuePair<string, string>> VendorIds { get; } = [];

        public MetadataParticipant Build() => new(Id)
        {
            Aor = Aor,
            Name = Name,
            Extension = Extension,
            Sends = [.. Sends],
            Receives = [.. Receives],
            AssociateTime = AssociateTime,
            DisassociateTime = DisassociateTime,
            CallingParty = VendorIds.Find(v => v.Key == "callingParty") is { Key: not null } calling ? bool.TryParse(calling.Value, out var b) ? b : null : null,
            VendorIds = [.. VendorIds.Where(v => v.Key != "callingParty")],
        };
    }
}
