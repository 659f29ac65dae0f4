// The app host of examples/AspireApp: `dotnet run --project examples/AspireApp/AppHost` starts the orchestrator, the dashboard
// (http://127.0.0.1:15080), GreenPT (the offline emulator, or the real API when GREENPT_API_KEY is set) and the chat service,
// which gets GreenPT's connection string through WithReference and sends its traces and metrics to the dashboard.
using AspireApp.AppHost;

DistributedApplication app = AspireAppModel.Build(args);
await app.RunAsync();
