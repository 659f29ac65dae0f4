using GreenPT.AI.Wire;

namespace GreenPT.AI.Mapping;

/// <summary>Turns the answer of <c>GET /v1/models</c> into <see cref="GreenPTModelInfo"/>s. Pure.</summary>
internal static class ModelMapper
{
    /// <summary>Every listed model with an id, in the server's order, with what is known of it.</summary>
    /// <param name="list">The server's answer.</param>
    /// <param name="overrides">The caller's <see cref="GreenPTClientOptions.ModelCapabilities"/>.</param>
    public static List<GreenPTModelInfo> FromModelList(ModelListResponse list, IDictionary<string, GreenPTModelCapabilities>? overrides = null)
    {
        var models = new List<GreenPTModelInfo>(list.Data?.Count ?? 0);
        foreach (ModelDto model in list.Data ?? [])
        {
            if (ChatResponseMapper.NonBlank(model.Id) is { } id)
            {
                models.Add(new GreenPTModelInfo(id, ChatResponseMapper.NonBlank(model.OwnedBy), GreenPTModelInfo.KindOf(id))
                {
                    CreatedAt = UnixTime.FromSeconds(model.Created),
                    Capabilities = CapabilitiesOf(id, model, overrides),
                });
            }
        }

        return models;
    }

    /// <summary>The built-in facts, over them what the server says (the context window, when it sends one), over that the caller's overrides.</summary>
    internal static GreenPTModelCapabilities? CapabilitiesOf(string id, ModelDto model, IDictionary<string, GreenPTModelCapabilities>? overrides)
    {
        GreenPTModelCapabilities? known = KnownModels.Find(id, overrides: null);
        if ((model.MaxModelLength ?? model.ContextLength ?? model.ContextWindow) is { } context and > 0)
        {
            var listed = new GreenPTModelCapabilities { Kind = GreenPTModelInfo.KindOf(id), ContextTokens = context, Source = "server" };
            known = known is null ? listed : known.MergedWith(listed);
        }

        if (overrides is { Count: > 0 } && KnownModels.FindOverride(overrides, id) is { } own)
        {
            known = known is null ? own : known.MergedWith(own);
        }

        return known;
    }
}
