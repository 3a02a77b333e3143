using Test
using KilnApp

@testset "KilnApp" begin
    @test KilnApp.greeting("Julia") == "Hello, Julia!"
    @test KilnApp.main(String[]) == 0
end
