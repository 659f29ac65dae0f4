using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAIChat = OpenAI.Chat;

namespace GreenPT.AI.Benchmarks;

/// <summary>
/// The same conversation and tools, expressed once for each contender: MEAI objects for ours, OpenAI SDK objects for the
/// SDK, and plain values the raw writer emits with <see cref="Utf8JsonWriter"/>. Built once, outside the measured code.
/// </summary>
public sealed class RequestData
{
    public const string StreamingPrompt = "Explain in a thousand tokens why smaller models use less energy.";
    public const int HistoryMessages = 21;

    private const string ToolCallId = "call_hist0001";
    private const string ToolCallArguments = """{"location":"Amsterdam, NL","unit":"celsius"}""";
    private const string ToolResult = """{"location":"Amsterdam, NL","temperature":12.5,"unit":"celsius","conditions":"light rain","wind_kmh":18}""";

    private RequestData()
    {
        // The three function tools: MEAI derives the JSON schemas, and the SDK and the raw writer get the very same schemas.
        Functions =
        [
            AIFunctionFactory.Create(GetWeather, "get_weather", "Gets the current weather and a forecast for a location."),
            AIFunctionFactory.Create(SearchFlights, "search_flights", "Searches direct and one-stop flights between two airports."),
            AIFunctionFactory.Create(BookHotel, "book_hotel", "Books a hotel room in a city for a number of nights."),
        ];
        Schemas = Functions.Select(f => f.JsonSchema.GetRawText()).ToArray();

        History = BuildHistory();
        OpenAIHistory = History.Select(ToOpenAI).ToList();
        ChatOptions = new ChatOptions { Tools = [.. Functions] };
        OpenAITools = Functions.Select((f, i) => OpenAIChat.ChatTool.CreateFunctionTool(f.Name, f.Description, BinaryData.FromString(Schemas[i]))).ToArray();

        StreamingMessages = [new ChatMessage(ChatRole.User, StreamingPrompt)];
        OpenAIStreamingMessages = [new OpenAIChat.UserChatMessage(StreamingPrompt)];
    }

    public static RequestData Instance { get; } = new();

    public IReadOnlyList<AIFunction> Functions { get; }

    /// <summary>The tools' parameter schemas, as JSON text.</summary>
    public IReadOnlyList<string> Schemas { get; }

    /// <summary>The 21-message history of the non-streaming request, with a tool call and its result.</summary>
    public IReadOnlyList<ChatMessage> History { get; }

    public IReadOnlyList<OpenAIChat.ChatMessage> OpenAIHistory { get; }

    public ChatOptions ChatOptions { get; }

    public IReadOnlyList<OpenAIChat.ChatTool> OpenAITools { get; }

    public IReadOnlyList<ChatMessage> StreamingMessages { get; }

    public IReadOnlyList<OpenAIChat.ChatMessage> OpenAIStreamingMessages { get; }

    /// <summary>Fresh options for an SDK call (the SDK writes the model, messages and stream flag into the options it is given).</summary>
    public OpenAIChat.ChatCompletionOptions NewOpenAIOptions(bool withTools)
    {
        var options = new OpenAIChat.ChatCompletionOptions();
        if (withTools)
        {
            foreach (OpenAIChat.ChatTool tool in OpenAITools)
            {
                options.Tools.Add(tool);
            }
        }

        return options;
    }

    /// <summary>Writes the non-streaming request body by hand: the raw lower bound's request.</summary>
    public void WriteRawRequest(Utf8JsonWriter w, bool stream)
    {
        w.WriteStartObject();
        w.WriteString("model"u8, Payloads.Model);
        w.WriteStartArray("messages"u8);
        IReadOnlyList<ChatMessage> messages = stream ? StreamingMessages : History;
        foreach (ChatMessage message in messages)
        {
            if (message.Contents is [FunctionResultContent result])
            {
                w.WriteStartObject();
                w.WriteString("role"u8, "tool");
                w.WriteString("content"u8, (string)result.Result!);
                w.WriteString("tool_call_id"u8, result.CallId);
                w.WriteEndObject();
                continue;
            }

            w.WriteStartObject();
            w.WriteString("role"u8, message.Role.Value);
            if (message.Contents is [FunctionCallContent call])
            {
                w.WriteStartArray("tool_calls"u8);
                w.WriteStartObject();
                w.WriteString("id"u8, call.CallId);
                w.WriteString("type"u8, "function"u8);
                w.WriteStartObject("function"u8);
                w.WriteString("name"u8, call.Name);
                w.WriteString("arguments"u8, ToolCallArguments);
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndArray();
            }
            else
            {
                w.WriteString("content"u8, message.Text);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (stream)
        {
            w.WriteBoolean("stream"u8, true);
            w.WriteStartObject("stream_options"u8);
            w.WriteBoolean("include_usage"u8, true);
            w.WriteEndObject();
        }
        else
        {
            w.WriteStartArray("tools"u8);
            for (int i = 0; i < Functions.Count; i++)
            {
                w.WriteStartObject();
                w.WriteString("type"u8, "function"u8);
                w.WriteStartObject("function"u8);
                w.WriteString("name"u8, Functions[i].Name);
                w.WriteString("description"u8, Functions[i].Description);
                w.WritePropertyName("parameters"u8);
                Functions[i].JsonSchema.WriteTo(w);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static List<ChatMessage> BuildHistory()
    {
        var history = new List<ChatMessage>
        {
            new(ChatRole.System, Sentence(0, 60)),
            new(ChatRole.User, "What is the weather in Amsterdam right now, and should I take the train to Lisbon or fly?"),
            new(ChatRole.Assistant, [new FunctionCallContent(ToolCallId, "get_weather", new Dictionary<string, object?> { ["location"] = "Amsterdam, NL", ["unit"] = "celsius" })]),
            new(ChatRole.Tool, [new FunctionResultContent(ToolCallId, ToolResult)]),
            new(ChatRole.Assistant, Sentence(3, 90)),
        };

        // Eight more turns of user and assistant text: 21 messages in all.
        for (int turn = 0; history.Count < HistoryMessages; turn++)
        {
            history.Add(new ChatMessage(ChatRole.User, Sentence(100 + turn, 25)));
            history.Add(new ChatMessage(ChatRole.Assistant, Sentence(200 + turn, 80)));
        }

        return history;
    }

    private static OpenAIChat.ChatMessage ToOpenAI(ChatMessage message) => message switch
    {
        { Contents: [FunctionCallContent call] } =>
            new OpenAIChat.AssistantChatMessage([OpenAIChat.ChatToolCall.CreateFunctionToolCall(call.CallId, call.Name, BinaryData.FromString(ToolCallArguments))]),
        { Contents: [FunctionResultContent result] } => new OpenAIChat.ToolChatMessage(result.CallId, (string)result.Result!),
        { Role.Value: "system" } => new OpenAIChat.SystemChatMessage(message.Text),
        { Role.Value: "user" } => new OpenAIChat.UserChatMessage(message.Text),
        { Role.Value: "assistant" } => new OpenAIChat.AssistantChatMessage(message.Text),
        _ => throw new InvalidOperationException($"No OpenAI equivalent for a {message.Role} message."),
    };

    /// <summary>Deterministic prose of <paramref name="words"/> words.</summary>
    private static string Sentence(int seed, int words)
    {
        var text = new StringBuilder();
        for (int i = 0; i < words; i++)
        {
            string word = Payloads.Word(seed + (i * 7)).Trim();
            if (word.Length == 0 || word == "-")
            {
                word = "energy";
            }

            text.Append(i == 0 ? string.Empty : " ").Append(word);
        }

        return text.Append('.').ToString();
    }

    [Description("Gets the weather.")]
    private static string GetWeather(
        [Description("City and country, for example 'Amsterdam, NL'.")] string location,
        [Description("celsius or fahrenheit.")] string unit = "celsius",
        [Description("Days of forecast, 1 to 14.")] int days = 1,
        [Description("Whether to include an hourly breakdown.")] bool includeHourly = false) =>
        string.Create(CultureInfo.InvariantCulture, $"{location} {unit} {days} {includeHourly}");

    private static string SearchFlights(
        [Description("IATA code of the departure airport.")] string origin,
        [Description("IATA code of the arrival airport.")] string destination,
        [Description("Departure date, yyyy-MM-dd.")] string date,
        [Description("Number of passengers.")] int passengers = 1,
        [Description("economy, premium, business or first.")] string cabin = "economy",
        [Description("Most stops allowed.")] int maxStops = 1) =>
        string.Create(CultureInfo.InvariantCulture, $"{origin} {destination} {date} {passengers} {cabin} {maxStops}");

    private static string BookHotel(
        [Description("City to stay in.")] string city,
        [Description("Check-in date, yyyy-MM-dd.")] string checkIn,
        [Description("Number of nights.")] int nights,
        [Description("Number of guests.")] int guests = 2,
        [Description("Highest price per night in euros.")] double? maxPricePerNight = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{city} {checkIn} {nights} {guests} {maxPricePerNight}");
}
