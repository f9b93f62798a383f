package dev.flexmoe.servicekit.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A resource method that reads its body as a stream and bounds it itself (a multipart upload that
 * limits each part), so {@link RequestBodyLimit}'s small limit does not apply to it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface StreamedUpload {}
