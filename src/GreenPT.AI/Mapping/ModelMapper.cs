using GreenPT.AI.Wire;

namespace GreenPT.AI.Mapping;

/// <summary>Turns the answer of <c>GET /v1/models</c> into <see cref="GreenPTModelInfo"/>s. Pure.</summary>
internal static class ModelMapper
{
    /// <summary>Every listed model with an id, in the server's order.</summary>
    public static List<GreenPTModelInfo> FromModelList(ModelListResponse list)
    {
        var models = new List<GreenPTModelInfo>(list.Data?.Count ?? 0);
        foreach (ModelDto model in list.Data ?? [])
        {
            if (ChatResponseMapper.NonBlank(model.Id) is { } id)
            {
                models.Add(new GreenPTModelInfo(id, ChatResponseMapper.NonBlank(model.OwnedBy), GreenPTModelInfo.KindOf(id)) { CreatedAt = UnixTime.FromSeconds(model.Created) });
            }
        }

        return models;
    }
}
