package dev.flexmoe.training;

import dev.flexmoe.archrules.ServiceArchitectureTest;

class ArchitectureTest extends ServiceArchitectureTest {}
