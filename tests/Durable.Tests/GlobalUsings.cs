global using Microsoft.DurableTask;
global using Microsoft.DurableTask.Client;
